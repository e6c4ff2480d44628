import { test } from "node:test";
import assert from "node:assert/strict";
import { NO_GRAD, backwardTable, forwardTable, sub, updateTable } from "../../web/js/neuron-tables.js";

test("subscripts count from 1", () => {
  assert.equal(sub(0), "₁");
  assert.equal(sub(11), "₁₂");
});

test("a negative factor is in parentheses, so a product never reads as a subtraction", () => {
  const html = forwardTable({ x0: 0.8, w0: -0.4, product0: -0.32 }, 1);
  assert.match(html, /<span data-f="x0" class="v-in" title="0.8">0\.8000<\/span> × \(<span data-f="w0" class="v-in" title="-0.4">−0\.4000<\/span>\)/);
  assert.match(html, /x₁·w₁/);
});

test("a frozen weight's row says so instead of a rule", () => {
  const html = backwardTable({ dL_dw0: NO_GRAD, dL_dw1: 0.5, dL_db: 0.25 }, 2);
  assert.equal((html.match(/class="frozen"/g) || []).length, 1);
  assert.match(html, /requires_grad is off: backward\(\) leaves it alone/);
  assert.match(html, /<span data-f="dL_dw0">no grad<\/span>/);
});

test("the update table shows the piled-up buffers only when gradients are not zeroed", () => {
  assert.doesNotMatch(updateTable({}, 1, { zero_grads: true }), /carried in/);
  const piling = updateTable({ carried_w0: 0.5, dL_dw0: 0.25, grad_w0: 0.75 }, 1, { zero_grads: false });
  assert.match(piling, /\.grad carried in/);
  assert.match(piling, /Gradients are piling up/);
  assert.match(piling, /<span data-f="grad_w0" title="0.75">0\.7500<\/span>/);
});
