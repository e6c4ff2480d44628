// One widget's engine work, one task at a time. Every widget uses it; none keeps a queue of its own.
//
//   queue.inOrder(task)   runs after every task queued before it: each click of "One step" is one update.
//   queue.latest(task)    the same, except that while it waits, a newer latest() task takes its place: a fast drag
//                         of a slider never builds a queue, and the newest position is always the one computed.
//   queue.clear()         drops every waiting task (the running one finishes): after a refusal, queued steps would
//                         only meet the same refusal.
// A task is an async function; its promise settles with the task's result or error, or with SKIPPED when it was
// replaced or dropped before it ran. Pure: no DOM, no engine of its own, so Node's test runner covers it.

export const SKIPPED = Symbol("skipped");

export class EngineQueue {
  constructor() {
    this.waiting = []; // {task, latest, resolve, reject}
    this.running = false;
  }

  /** Whether a task is running or waiting. */
  get busy() {
    return this.running || this.waiting.length > 0;
  }

  inOrder(task) {
    return this.add(task, false);
  }

  latest(task) {
    return this.add(task, true);
  }

  clear() {
    for (const job of this.waiting.splice(0)) job.resolve(SKIPPED);
  }

  add(task, latest) {
    return new Promise((resolve, reject) => {
      const last = this.waiting[this.waiting.length - 1];
      if (latest && last && last.latest) {
        // a waiting latest() task at the tail is out of date: the new one takes its place in the line
        this.waiting.pop().resolve(SKIPPED);
      }
      this.waiting.push({ task, latest, resolve, reject });
      if (!this.running) this.drain();
    });
  }

  async drain() {
    this.running = true;
    while (this.waiting.length) {
      const { task, resolve, reject } = this.waiting.shift();
      try {
        resolve(await task());
      } catch (error) {
        reject(error);
      }
    }
    this.running = false;
  }
}
