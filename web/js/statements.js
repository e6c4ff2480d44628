// Learner statements: what a widget in practice mode tells its page, shaped as xAPI statements (verb, object,
// result, context, timestamp), so a course can forward them to its learning record store as they are. Pure: no DOM,
// no clock of its own (the caller passes the time), so Node's test runner covers it.
//
// No actor and nothing personal: the course adds its own learner. The object's id names the page (origin and path,
// never its query or hash), the widget on it, its configuration and the question; extension keys are IRIs under the
// site's own address (xapi/...), where the widgets are served from.

export const VERBS = {
  answered: "http://adlnet.gov/expapi/verbs/answered",
  completed: "http://adlnet.gov/expapi/verbs/completed",
};
const INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction";
const ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment";
const EN = (text) => ({ "en-US": String(text) });

/** The extension IRIs, under the site's address `site` (ends with "/"). */
export function extensionKeys(site) {
  const key = (name) => `${site}xapi/${name}`;
  return { expected: key("expected"), hint: key("hint-kind"), revealed: key("revealed"), attempts: key("attempts"),
    widget: key("widget"), build: key("build"), loss: key("loss") };
}

/** Milliseconds -> an ISO 8601 duration: PT4.25S, PT2M5S, PT1H0M3S (at most centisecond precision, as xAPI keeps). */
export function isoDuration(ms) {
  const total = Math.max(0, Math.round(Number(ms) / 10) || 0) / 100; // seconds, to the hundredth
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = Math.round((total % 60) * 100) / 100;
  if (hours) return `PT${hours}H${minutes}M${seconds}S`;
  if (minutes) return `PT${minutes}M${seconds}S`;
  return `PT${seconds}S`;
}

/** The activity IRI of one widget instance with its configuration, and of one question in it: the page's origin and
 * path, a fragment naming the widget (its tag and place on the page) and the configuration as query text. */
export function activityId({ page, widget, config, question }) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(config || {})) params.append(name, String(value));
  if (question !== undefined) params.append("question", question);
  const base = String(page).replace(/[?#].*$/, "");
  return `${base}#${encodeURIComponent(widget)}?${params.toString()}`;
}

const context = (keys, { tag, build }) => ({ extensions: { [keys.widget]: tag, [keys.build]: build } });

/** After a check (success true or false) or a reveal ("Show answer": success false, the response empty, revealed).
 * `at` is a Date; `ms` the time since the question was asked. */
export function answered({ site, page, widget, tag, build, config, question, response, success, revealed, attempts,
  kind, ms, at }) {
  const keys = extensionKeys(site);
  return {
    verb: { id: VERBS.answered, display: EN("answered") },
    object: {
      objectType: "Activity",
      id: activityId({ page, widget, config, question: question.id }),
      definition: { name: EN(question.notation), description: EN(question.words), type: INTERACTION,
        interactionType: "numeric" },
    },
    result: {
      success: Boolean(success),
      response: String(response ?? ""),
      duration: isoDuration(ms),
      extensions: { [keys.expected]: question.expected, [keys.hint]: kind ?? null,
        [keys.revealed]: Boolean(revealed), [keys.attempts]: attempts },
    },
    context: context(keys, { tag, build }),
    timestamp: at.toISOString(),
  };
}

/** When the widget's practice run is finished: score raw (answered right without "Show answer") out of max (the
 * questions asked). */
export function completed({ site, page, widget, tag, build, config, title, raw, max, ms, at }) {
  const keys = extensionKeys(site);
  return {
    verb: { id: VERBS.completed, display: EN("completed") },
    object: {
      objectType: "Activity",
      id: activityId({ page, widget, config }),
      definition: { name: EN(`Practice: ${title}`), description: EN(`${max} questions asked before the numbers are shown`),
        type: ASSESSMENT },
    },
    result: {
      completion: true,
      success: raw === max,
      score: { raw, min: 0, max, scaled: max ? Math.round((raw / max) * 1e4) / 1e4 : 0 },
      duration: isoDuration(ms),
    },
    context: context(keys, { tag, build }),
    timestamp: at.toISOString(),
  };
}
