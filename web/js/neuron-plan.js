// What the neuron trainer asks the engine for each action, and how the answer becomes its next state. Pure: the
// element passes in its state, configuration and switches, so Node's test runner checks every rule here.
//
//   step      the update the engine computed (w_new, b_new) becomes the current parameters; the .grad buffers carry
//             over unless gradients are zeroed; one more entry in the loss history
//   refresh   a switch changed: the same parameters, computed again with the new switches
//   reset     back to the attributes (an absent one is the engine's default), no history, empty buffers

/** Two resets or refreshes waiting in a row are one request: a reset if either is, the learner's if either is, for
 * the newer cause the learner gave. `waiting` may be null. */
export function mergeIntents(waiting, next) {
  if (!waiting) return next;
  return {
    kind: waiting.kind === "reset" || next.kind === "reset" ? "reset" : "refresh",
    user: waiting.user || next.user,
    cause: next.user ? next.cause : waiting.cause,
  };
}

/** requires_grad for n weights and the bias, from the checkboxes' states `boxes` (n + 1 of them when they match; a
 * weight with no box of its own starts with it on). */
export function gradFlags(n, boxes) {
  const on = (i) => (i < boxes.length ? boxes[i] : true);
  const weights = Array.from({ length: n }, (_, i) => (i < boxes.length - 1 ? on(i) : true));
  return [...weights, boxes.length ? on(boxes.length - 1) : true];
}

const defined = (args) => Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined));

/** The engine call for `kind` ("step" | "refresh" | "reset") and how its answer becomes the new state.
 * `current`: the state shown (null before the first answer); `cfg`: the parsed attributes; `switches`:
 * {zero: gradients zeroed each step, boxes: the requires_grad checkboxes, weights first}. */
export function plan(kind, current, cfg, { zero, boxes }) {
  const keep = (flags, carried, steps, losses) => (result) => ({
    ...result, steps, losses: losses(result.loss), carried, zero_grads: zero,
    requires_grad: flags ?? gradFlags(result.w.length, []), // none sent: the engine's default, every one on
  });
  if (kind !== "reset" && current) {
    const flags = gradFlags(current.w.length, boxes);
    if (kind === "step") {
      const carried = zero ? null : { w: current.grad_w, b: current.grad_b };
      return {
        args: { x: current.x, w: current.w_new, b: current.b_new, y: current.y, lr: current.lr, zero_grads: zero,
          requires_grad: flags, prev_grads: carried },
        finish: keep(flags, carried, current.steps + 1, (loss) => [...current.losses, loss]),
      };
    }
    const carried = zero ? null : current.carried;
    return {
      args: { x: current.x, w: current.w, b: current.b, y: current.y, lr: current.lr, zero_grads: zero,
        requires_grad: flags, prev_grads: carried },
      finish: keep(flags, carried, current.steps, (loss) => [...current.losses.slice(0, -1), loss]),
    };
  }
  // how many weights: the attribute's, else as many as the boxes shown (the engine's default neuron)
  const n = cfg.w ? cfg.w.length : boxes.length - 1;
  const flags = n >= 0 ? gradFlags(n, boxes) : undefined;
  return {
    args: defined({ x: cfg.x, w: cfg.w, b: cfg.b, y: cfg.y, lr: cfg.lr, zero_grads: zero, requires_grad: flags,
      prev_grads: null }),
    finish: keep(flags, null, 0, (loss) => [loss]),
  };
}
