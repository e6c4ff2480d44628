// The xAPI-shaped statements an exercise cell (<bp-python-cell exercise="NAME">) puts in its bp-answer and
// bp-complete events: the same contract as the practice widgets' (verb, object, result, timestamp; no actor, no
// personal data: the course adds its learner). Pure: data in, statement out.
// These builders stand alone until the practice widgets' shared statement module (statements.js) is merged; the cell
// imports only answeredStatement and completedStatement from here, so pointing it there is a one-line change.

export const VERBS = {
  answered: { id: "http://adlnet.gov/expapi/verbs/answered", display: { "en-US": "answered" } },
  completed: { id: "http://adlnet.gov/expapi/verbs/completed", display: { "en-US": "completed" } },
};
const INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction";
// result extensions: IRIs in a namespace of their own (a URN: it names, it is never fetched)
export const EXTENSION = (name) => `urn:backprop-lab:xapi:${name}`;
// the learner's code goes out as the response up to this length (an LRS may refuse huge statements); cut, it says so
export const MAX_RESPONSE_CHARS = 5000;

/** ISO 8601 duration of `ms` milliseconds, to the hundredth of a second ("PT1M5.25S" is written "PT65.25S"). */
export const isoDuration = (ms) => `PT${Math.max(0, Math.round(ms / 10)) / 100}S`;

/** The activity: the exercise `name` on the page at `pageURL` (its query and fragment dropped: they may carry a
 * course's own identifiers), and the question in words. */
export function exerciseObject(pageURL, name, question) {
  const url = new URL(pageURL);
  return {
    objectType: "Activity",
    id: `${url.origin}${url.pathname}#exercise-${name}`,
    definition: { name: { "en-US": `Exercise: ${name}` }, description: { "en-US": question }, type: INTERACTION,
      interactionType: "other" },
  };
}

const response = (code) =>
  code.length <= MAX_RESPONSE_CHARS ? code : `${code.slice(0, MAX_RESPONSE_CHARS)}\n# ... (cut at ${MAX_RESPONSE_CHARS} characters)`;

/** One checked run: `verdict` as the engine gave it (backprop/exercise.py), `code` what ran, `elapsedMs` since the
 * learner started the exercise. */
export function answeredStatement({ object, verdict, code, elapsedMs, timestamp }) {
  const extensions = { [EXTENSION("hint-kind")]: verdict.kind, [EXTENSION("expected")]: `loss below ${verdict.loss_below}` };
  if (verdict.loss !== null && verdict.loss !== undefined) extensions[EXTENSION("loss")] = verdict.loss;
  return {
    verb: VERBS.answered,
    object,
    result: { success: Boolean(verdict.passed), response: response(code), duration: isoDuration(elapsedMs), extensions },
    timestamp,
  };
}

/** The exercise passed, after `attempts` checked runs. */
export function completedStatement({ object, attempts, elapsedMs, timestamp }) {
  return {
    verb: VERBS.completed,
    object,
    result: { success: true, completion: true, score: { raw: 1, min: 0, max: 1, scaled: 1 },
      duration: isoDuration(elapsedMs), extensions: { [EXTENSION("attempts")]: attempts } },
    timestamp,
  };
}
