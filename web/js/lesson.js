// The lesson page's own behaviour beyond its widgets: the "Ask me first" offers beside the widgets that have a
// practice mode (section 2's graph, section 3's neuron, section 7's fan-out).
import { wirePracticeOffers } from "./practice-switch.js";

wirePracticeOffers(document);
