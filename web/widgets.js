// The one script a page needs:  <script type="module" src="widgets.js"></script>
// It defines every bp-* element that js/registry.js lists (and the lesson page's Python cell). Python starts when the
// first widget connects; a page with no widget starts it here, once the elements are defined.
//
// The build writes one static import per registry row where the marker below stands (buildtools/registry.py), so
// every element is defined as the page's scripts run, before DOMContentLoaded, and the browser fetches them all at
// once. (A dynamic import from the registry here would define them a round trip later, after the page's own
// DOMContentLoaded handlers had already met undefined elements.) The build then bundles this module's whole graph
// into js/widgets-bundle.js, so a page asks for three files, not about 45 (buildtools/bundle.py).

import { engine } from "./js/runtime.js";
import "./js/bp-python-cell.js";
/* __WIDGET_IMPORTS__ */

engine();
