// The one script a page needs:  <script type="module" src="widgets.js"></script>
// It defines every bp-* element that js/registry.js lists (and the lesson page's Python cell). Python starts when the
// first widget connects; a page with no widget starts it here, once the elements are defined.

import { engine } from "./js/runtime.js";
import { WIDGETS, elementModule } from "./js/registry.js";
import "./js/bp-python-cell.js";

const JS = new URL("./js/", import.meta.url);
await Promise.all(WIDGETS.map(({ tag }) => import(new URL(elementModule(tag), JS).href)));
engine();
