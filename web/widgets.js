// The one script a page needs:  <script type="module" src="widgets.js"></script>
// It starts the engine (Pyodide in a worker) and defines every bp-* element.

import { engine } from "./js/runtime.js";
import "./js/bp-chain-rule.js";
import "./js/bp-graph-stepper.js";
import "./js/bp-neuron-trainer.js";
import "./js/bp-playground.js";
import "./js/bp-python-cell.js";
import "./js/bp-xor-lab.js";

engine();
