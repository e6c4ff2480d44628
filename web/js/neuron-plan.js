// What the neuron trainer asks the engine for each action, and how the answer becomes its next state. Pure: the
// element passes in its state and configuration, so Node's test runner checks every rule here.
//
// The state is always a function of the attributes: the starting point (x, w, b, y, lr), steps (updates taken) and
// the switches (no-zero-grad, no-grad). Two kinds of request:
//   step    one more update: the update the engine computed (w_new, b_new) becomes the current parameters, the .grad
//           buffers carry over unless gradients are zeroed, one more entry in the loss history. The engine's answer
//           for steps=N is built the same way, so N steps and N clicks give the same numbers bit for bit.
//   sync    the state of the attributes as they are: the engine runs `steps` updates from the start with the
//           switches. A reset is a sync after steps goes back to 0 (the element does that).

/** Two syncs waiting in a row are one request: back to step 0 if either is, the learner's if either is, for the newer
 * cause the learner gave. `waiting` may be null. */
export function mergeIntents(waiting, next) {
  if (!waiting) return next;
  return {
    kind: "sync",
    restart: Boolean(waiting.restart || next.restart),
    user: waiting.user || next.user,
    cause: next.user ? next.cause : waiting.cause,
  };
}

/** The names of the parameters with requires_grad off, as the no-grad attribute writes them ("w2, b"): `flags` has
 * one per weight, then the bias. "" when none is off. */
export function noGradText(flags) {
  const names = flags.map((on, i) => (on ? null : i === flags.length - 1 ? "b" : `w${i + 1}`));
  return names.filter(Boolean).join(", ");
}

const defined = (args) => Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined && value !== ""));

/** The engine call for `kind` ("step" | "sync") and how its answer becomes the new state. `current`: the state shown
 * (null before the first answer; a step then is a sync); `cfg`: the parsed attributes. */
export function plan(kind, current, cfg) {
  if (kind === "step" && current) {
    const zero = current.zero_grads;
    return {
      args: {
        x: current.x, w: current.w_new, b: current.b_new, y: current.y, lr: current.lr, no_zero_grad: !zero,
        no_grad: noGradText(current.requires_grad), prev_grads: zero ? null : { w: current.grad_w, b: current.grad_b },
      },
      // the answer describes one update from here: the history and the starting point are the run's
      finish: (result) => ({ ...result, steps: current.steps + 1, losses: [...current.losses, result.loss],
        start: current.start }),
    };
  }
  return {
    args: defined({ x: cfg.x, w: cfg.w, b: cfg.b, y: cfg.y, lr: cfg.lr, steps: cfg.steps || undefined,
      no_zero_grad: cfg["no-zero-grad"] || undefined, no_grad: cfg["no-grad"] }),
    finish: (result) => result,
  };
}
