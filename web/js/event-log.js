// The authors' page's event log (authors-events.js draws it): each bp-answer / bp-complete statement a preview
// dispatches, as one readable line. Pure: statement in, words out; the log keeps the newest MAX_LOG_ENTRIES.

export const MAX_LOG_ENTRIES = 50;
export const LOGGED_EVENTS = ["bp-answer", "bp-complete"];

const text = (value, limit = 120) => {
  const s = String(value ?? "").replace(/\s+/g, " ").trim();
  return s.length <= limit ? s : `${s.slice(0, limit - 1)}…`;
};
const words = (map) => (map && typeof map === "object" ? map["en-US"] || Object.values(map)[0] || "" : "");

/** One log line for the statement of a `type` event: {time, verb, activity, outcome, response}, all plain text. */
export function describe(type, statement) {
  const s = statement && typeof statement === "object" ? statement : {};
  const result = s.result || {};
  const definition = (s.object && s.object.definition) || {};
  const time = typeof s.timestamp === "string" && !Number.isNaN(Date.parse(s.timestamp))
    ? new Date(s.timestamp).toLocaleTimeString() : "";
  let outcome = "";
  if (result.score && typeof result.score === "object") outcome = `score ${result.score.raw} of ${result.score.max}`;
  else if (result.success === true) outcome = "correct";
  else if (result.success === false) outcome = "not correct";
  return {
    time,
    verb: text(words(s.verb && s.verb.display) || type.replace(/^bp-/, ""), 40),
    activity: text(words(definition.description) || words(definition.name) || (s.object && s.object.id) || ""),
    outcome,
    response: result.response === undefined ? "" : text(result.response, 80),
  };
}

/** The line as one sentence, for the log's text (and for a screen reader, which reads the log as it grows). */
export function sentence({ time, verb, activity, outcome, response }) {
  return [time, verb, activity && `“${activity}”`, response && `response ${response}`, outcome].filter(Boolean).join(" · ");
}
