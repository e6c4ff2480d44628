// Practice mode, shared by every widget that has it (the `practice` attribute; practice-widgets.js says what each
// widget asks): the widget asks for a number before it shows it. The questions and the grading come from the engine
// (py/backprop/practice.py); this module keeps the run (which questions are answered), hides the numbers still asked
// for, draws the question panel in the shadow root, fires the learner's events and keeps progress.
//
// Events (bubbles, composed; statements.js shapes them):
//   bp-answer    after each Check of a readable answer and each "Show answer"; detail {statement, question, correct,
//                kind}. An answer that is no number (empty, "abc", too long) gets a message and is not an attempt.
//   bp-complete  when every question of the run is answered or shown; detail {statement, raw, max}.
// Progress: element.state.practice (JSON-able), restorable with element.state = {practice}; with `remember` it is
// kept in localStorage (practice-store.js) and "Start over" clears it.

import { fmt } from "./format.js";
import { paint } from "./slots.js";
import { widgetOf } from "./registry.js";
import { BUILD_ID, SITE } from "./build-id.js";
import { PRACTICE_WIDGETS } from "./practice-widgets.js";
import { answered, completed } from "./statements.js";
import { forget, load, save, widgetName } from "./practice-store.js";
import { panelMarkup } from "./practice-panel.js";

const VERSION = 1;

/** Practice on or off for `el`, following its attributes (connect, and practice/remember set from code). */
export function syncPractice(el) {
  const adapter = PRACTICE_WIDGETS[el.localName];
  const on = Boolean(adapter && el.config.practice);
  if (on && !el.practiceRun) {
    el.practiceRun = new Practice(el, adapter);
    el.practiceRun.stateChanged();
  } else if (!on && el.practiceRun) {
    el.practiceRun.detach();
    el.practiceRun = null;
  } else if (on && el.config.remember) {
    el.practiceRun.remembered();
  }
}

/** The state the element reports: its own, plus the practice progress when practising. */
export function withPractice(el, state) {
  return el.practiceRun && state ? { ...state, practice: el.practiceRun.progress } : state;
}

/** element.state = value: restores value.practice, the progress of a run (other fields are the engine's to say). */
export function restorePractice(el, value) {
  if (el.practiceRun && value && typeof value === "object") el.practiceRun.restore(value.practice);
}

/** A run as stored or restored, checked field by field: anything else is no progress at all. */
function readProgress(value) {
  if (!value || typeof value !== "object" || value.v !== VERSION || typeof value.key !== "string") return null;
  const answers = {};
  for (const [id, a] of Object.entries(value.answers || {})) {
    if (!a || typeof a !== "object") continue;
    answers[id] = { attempts: Math.max(0, Math.trunc(Number(a.attempts)) || 0), success: a.success === true,
      revealed: a.revealed === true, done: a.done === true };
  }
  return { v: VERSION, key: value.key, config: { ...(value.config || {}) }, answers, complete: value.complete === true,
    started: Number(value.started) || Date.now() };
}

class Practice {
  constructor(el, adapter) {
    this.el = el;
    this.adapter = adapter;
    this.run = null;
    this.questions = null;
    this.pending = el.config.remember ? readProgress(load(el)) : null;
    this.failed = false;
    this.mount();
    this.el.engine().ready.catch(() => {
      this.failed = true;
      this.applyMask();
      this.render();
    });
  }

  // --- the panel -----------------------------------------------------------------------------------------------

  mount() {
    const root = this.el.root;
    const anchor = root.querySelector(this.adapter.after) || root.querySelector("[data-message]");
    anchor.insertAdjacentHTML("afterend", panelMarkup());
    this.panel = root.querySelector("[data-practice]");
    const $ = (name) => this.panel.querySelector(`[data-practice-${name}]`);
    Object.assign(this, { input: $("input"), ask: $("ask"), label: $("label"), words: $("words"), status: $("status"),
      feedback: $("feedback"), checkButton: $("check"), showButton: $("show"), overButton: $("over") });
    this.checkButton.addEventListener("click", () => this.check());
    this.showButton.addEventListener("click", () => this.reveal());
    this.overButton.addEventListener("click", () => this.startOver());
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.isComposing) {
        event.preventDefault();
        this.check();
      }
    });
    this.input.addEventListener("input", () => this.input.removeAttribute("aria-invalid"));
  }

  detach() {
    this.panel.remove();
    this.run = null;
    this.applyMask();
  }

  // --- the run -------------------------------------------------------------------------------------------------

  get progress() {
    return this.run ? JSON.parse(JSON.stringify(this.run)) : null;
  }

  /** The widget shows a new state (or the same again): a new configuration starts a new run, unless the run is
   * complete (then the widget is free to explore, everything shown). */
  stateChanged() {
    const state = this.el.current;
    if (!state) return;
    const config = this.adapter.key(state);
    const key = JSON.stringify(config);
    if (!this.run || (!this.run.complete && this.run.key !== key)) {
      const pending = this.pending && this.pending.key === key ? this.pending : null;
      this.run = pending || { v: VERSION, key, config, answers: {}, complete: false, started: Date.now() };
      if (pending) this.pending = null;
      this.questions = null;
      this.keep();
    }
    if (!this.questions && !this.run.complete && this.el.isLive()) this.fetch();
    this.applyMask();
    this.render();
  }

  async fetch() {
    const key = this.run.key;
    if (this.fetching === key) return;
    this.fetching = key;
    let asked;
    try {
      asked = await this.el.engine().call("practice_questions", { widget: this.adapter.widget, state: this.el.current });
    } catch (error) {
      this.say(`The engine could not make the questions: ${error.message}`);
      return;
    } finally {
      if (this.fetching === key) this.fetching = null;
    }
    if (!this.run || this.run.key !== key) return; // the configuration moved on meanwhile
    this.questions = asked.questions;
    this.applyMask();
    this.render();
  }

  get done() {
    return new Set(Object.entries(this.run ? this.run.answers : {}).filter(([, a]) => a.done).map(([id]) => id));
  }

  /** The question being asked: the first not done (on a gated widget, only once the learner reaches its step). */
  current() {
    if (!this.questions || !this.run || this.run.complete || this.failed) return null;
    const done = this.done;
    const next = this.questions.find((q) => !done.has(q.id));
    if (!next) return null;
    return this.adapter.gated && next.step > this.el.k + 1 ? null : next;
  }

  /** Gated widgets: the furthest step the learner may go to from `from` towards `to` (the step before one that would
   * show a gradient not answered yet, or before the backward pass while the questions are still on their way). */
  gate(from, to) {
    if (!this.adapter.gated || to <= from || !this.run || this.run.complete || this.failed) return to;
    const steps = this.el.current.steps;
    let stop = null;
    if (!this.questions) {
      stop = steps.findIndex((step, k) => k > from && step.phase === "backward");
      if (stop === -1) stop = null;
    } else {
      const done = this.done;
      const next = this.questions.find((q) => !done.has(q.id) && q.step > from);
      if (next) stop = next.step;
    }
    if (stop === null || to < stop) return to;
    if (typeof this.el.pause === "function") this.el.pause();
    queueMicrotask(() => {
      this.render();
      if (this.current()) this.input.focus();
    });
    return stop - 1;
  }

  // --- answering -----------------------------------------------------------------------------------------------

  async check() {
    const q = this.current();
    if (!q || this.busy) return;
    if (!this.el.isLive()) {
      this.say("Python is still starting; Check works as soon as it is ready.", "invalid");
      return;
    }
    const response = this.input.value;
    this.busy = true;
    let result;
    try {
      result = await this.el.engine().call("practice_check", { response, question: q });
    } catch (error) {
      this.say(`The engine could not grade that: ${error.message}`, "invalid");
      return;
    } finally {
      this.busy = false;
    }
    if (result.status !== "graded") {
      this.input.setAttribute("aria-invalid", "true");
      this.say(result.message, "invalid");
      return;
    }
    const answer = this.answerOf(q);
    answer.attempts += 1;
    if (result.correct) Object.assign(answer, { success: true, done: true });
    this.say(result.correct ? `Right: ${q.notation} = ${fmt(q.expected, q.decimals)}.` : `Not yet. ${result.hint}`,
      result.correct ? "right" : "wrong");
    this.tell(q, { response, success: result.correct, kind: result.kind, attempts: answer.attempts });
    this.answered(q);
  }

  reveal() {
    const q = this.current();
    if (!q) return;
    const answer = this.answerOf(q);
    Object.assign(answer, { revealed: true, success: false, done: true });
    this.say(`The answer: ${q.notation} = ${fmt(q.expected, q.decimals)}.`, "shown");
    this.tell(q, { response: "", success: false, kind: null, attempts: answer.attempts, revealed: true });
    this.answered(q);
  }

  answerOf(q) {
    this.run.answers[q.id] ??= { attempts: 0, success: false, revealed: false, done: false };
    return this.run.answers[q.id];
  }

  /** A question is done: show its numbers (a gated widget steps on to the step that shows them), then the next one,
   * or the end of the run. */
  answered(q) {
    if (!q) return;
    if (!this.run.answers[q.id].done) {
      this.keep();
      return;
    }
    this.input.value = "";
    const done = this.done;
    if (this.adapter.gated && this.questions.filter((other) => other.step === q.step).every((o) => done.has(o.id))) {
      this.el.goto(q.step, true);
    }
    if (this.questions.every((other) => done.has(other.id))) this.complete();
    this.keep();
    this.applyMask();
    const hadFocus = this.panel.contains(this.el.root.activeElement);
    this.render();
    if (hadFocus && this.ask.hidden) {
      const after = this.adapter.focusAfter && this.el.root.querySelector(this.adapter.focusAfter);
      (this.run.complete || !after ? this.overButton : after).focus();
    }
  }

  complete() {
    this.run.complete = true;
    const raw = this.questions.filter((q) => this.run.answers[q.id].success).length;
    const max = this.questions.length;
    const statement = completed({ ...this.about(), title: widgetOf(this.el.localName)?.title ?? this.el.localName,
      raw, max, ms: Date.now() - this.run.started, at: new Date() });
    this.el.emit("bp-complete", { statement, raw, max });
  }

  tell(q, { response, success, kind, attempts, revealed = false }) {
    const statement = answered({ ...this.about(), question: q, response, success, revealed, attempts, kind,
      ms: Date.now() - (this.askedAt || Date.now()), at: new Date() });
    this.el.emit("bp-answer", { statement, question: q.id, correct: success, kind });
  }

  about() {
    return { site: SITE, page: `${location.origin}${location.pathname}`, widget: widgetName(this.el),
      tag: this.el.localName, build: BUILD_ID, config: this.run.config };
  }

  // --- progress ------------------------------------------------------------------------------------------------

  restore(value) {
    const progress = readProgress(value);
    if (!progress) return;
    if (this.run && this.run.key === progress.key) {
      this.run = progress;
      this.keep();
      this.applyMask();
      this.render();
    } else {
      this.pending = progress; // for the configuration it belongs to, when the widget shows it
    }
  }

  /** `remember` was just set: what the page stored wins over an empty run of the same configuration. */
  remembered() {
    const stored = readProgress(load(this.el));
    if (stored && (!this.run || Object.keys(this.run.answers).length === 0)) this.restore(stored);
    else this.keep();
  }

  /** With remember: the run into storage; a run with nothing answered yet is no progress, so nothing stays. */
  keep() {
    if (!this.run || !this.el.config.remember) return;
    if (Object.keys(this.run.answers).length) save(this.el, this.run);
    else forget(this.el);
  }

  startOver() {
    if (this.el.config.remember) forget(this.el);
    this.pending = null;
    if (this.run) this.run = { ...this.run, answers: {}, complete: false, started: Date.now() };
    if (this.adapter.gated && this.el.current) this.el.goto(0, true);
    this.say("");
    this.keep();
    this.stateChanged();
    if (this.current()) this.input.focus();
  }

  // --- drawing -------------------------------------------------------------------------------------------------

  /** Hide the numbers still asked for; show again the ones answered (painted from the element's state). */
  applyMask() {
    const state = this.el.current;
    const hide = new Set(state && this.run && !this.run.complete && !this.failed ? this.adapter.hidden(state, this.done) : []);
    const slots = [...this.el.root.querySelectorAll("[data-f]")];
    const shown = slots.filter((slot) => slot.hasAttribute("data-masked") && !hide.has(slot.dataset.f));
    for (const slot of shown) slot.removeAttribute("data-masked");
    // first the numbers now shown (painting writes every slot), then the question marks over the ones still asked
    if (shown.length && state) paint(this.el.root, this.el.constructor.view.fields(state, this.el.config));
    for (const slot of slots) {
      if (!hide.has(slot.dataset.f)) continue;
      slot.dataset.masked = "";
      if (slot.textContent !== "?") slot.textContent = "?";
      slot.removeAttribute("title");
    }
  }

  /** Whether some number is hidden: the live region then says less (practice.js owns what it may say). */
  get hiding() {
    return Boolean(this.el.root.querySelector("[data-masked]"));
  }

  render() {
    const q = this.current();
    if (q && q.id !== this.asking) {
      this.asking = q.id;
      this.askedAt = Date.now();
      this.input.value = "";
      this.input.removeAttribute("aria-invalid");
    }
    if (!q) this.asking = null;
    this.ask.hidden = !q;
    if (q) {
      this.label.textContent = q.notation;
      this.words.textContent = `What is ${q.words}?`;
    }
    this.status.textContent = this.statusText(q);
  }

  statusText(q) {
    if (this.failed) return "Python could not start, so there are no questions: every number is shown.";
    if (!this.run) return "";
    if (this.run.complete) {
      const answers = Object.values(this.run.answers);
      return `Practice done: ${answers.filter((a) => a.success).length} of ${answers.length} right without Show answer.`;
    }
    if (!this.questions) return "Practice: Python is starting; the questions follow as soon as it is ready.";
    if (!this.questions.length) return "Practice: some numbers here are not finite, so there is nothing to ask.";
    const position = this.questions.findIndex((other) => other === q) + 1;
    if (q) return `Question ${position} of ${this.questions.length}: the number is shown once you answer it.`;
    return "Practice: step on; before each gradient is shown, you are asked for it.";
  }

  /** The hint or message beside the input (a polite live region); kind marks it with a symbol, never colour alone. */
  say(text, kind = "") {
    this.feedback.textContent = text;
    this.feedback.dataset.kind = kind;
  }
}
