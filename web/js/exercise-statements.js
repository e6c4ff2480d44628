// The xAPI-shaped statements an exercise cell (<bp-python-cell exercise="NAME">) puts in its bp-answer and
// bp-complete events: the practice widgets' contract (statements.js: verbs, durations, extension IRIs under the
// site's address, the widget and build in the context; no actor, no personal data). Pure: data in, statement out.

import { VERBS, extensionKeys, isoDuration } from "./statements.js";

const INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction";
const EN = (text) => ({ "en-US": String(text) });
// the learner's code goes out as the response up to this length (an LRS may refuse huge statements); cut, it says so
export const MAX_RESPONSE_CHARS = 5000;

/** The activity: the exercise `name` on the page at `pageURL` (its query and fragment dropped: they may carry a
 * course's own identifiers), and the question in words. */
export function exerciseObject(pageURL, name, question) {
  const url = new URL(pageURL);
  return {
    objectType: "Activity",
    id: `${url.origin}${url.pathname}#exercise-${name}`,
    definition: { name: EN(`Exercise: ${name}`), description: EN(question), type: INTERACTION, interactionType: "other" },
  };
}

const response = (code) =>
  code.length <= MAX_RESPONSE_CHARS ? code : `${code.slice(0, MAX_RESPONSE_CHARS)}\n# ... (cut at ${MAX_RESPONSE_CHARS} characters)`;

const context = (keys, build) => ({ extensions: { [keys.widget]: "bp-python-cell", [keys.build]: build } });

/** One checked run: `verdict` as the engine gave it (backprop/exercise.py), `code` what ran, `elapsedMs` since the
 * learner started the exercise, `site` the widgets' address (ends with "/"), `build` the build id. */
export function answeredStatement({ site, build, object, verdict, code, attempts, elapsedMs, timestamp }) {
  const keys = extensionKeys(site);
  const extensions = { [keys.hint]: verdict.kind, [keys.expected]: `loss below ${verdict.loss_below}`,
    [keys.attempts]: attempts };
  if (verdict.loss !== null && verdict.loss !== undefined) extensions[keys.loss] = verdict.loss;
  return {
    verb: { id: VERBS.answered, display: EN("answered") },
    object,
    result: { success: Boolean(verdict.passed), response: response(code), duration: isoDuration(elapsedMs), extensions },
    context: context(keys, build),
    timestamp,
  };
}

/** The exercise passed, after `attempts` checked runs. */
export function completedStatement({ site, build, object, attempts, elapsedMs, timestamp }) {
  const keys = extensionKeys(site);
  return {
    verb: { id: VERBS.completed, display: EN("completed") },
    object,
    result: { success: true, completion: true, score: { raw: 1, min: 0, max: 1, scaled: 1 },
      duration: isoDuration(elapsedMs), extensions: { [keys.attempts]: attempts } },
    context: context(keys, build),
    timestamp,
  };
}
