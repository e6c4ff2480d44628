// The neuron trainer's three tables: the forward pass (values), the backward pass (gradients, each row using the one
// before) and the update (p <- p - lr * p.grad). Pure markup from the slot values of neuron-trainer-view.js's fields();
// numbers are written into slots (slots.js), which the element repaints.

import { fmt } from "./format.js";
import { slot } from "./slots.js";

export const MINUS = "\u2212";
const SUB = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"];

/** Subscript digits for the i-th parameter, counted from 1: sub(0) = "₁", sub(11) = "₁₂". */
export const sub = (i) => String(i + 1).split("").map((d) => SUB[Number(d)]).join("");

/** What a gradient slot holds when requires_grad is off for its parameter. */
export const NO_GRAD = "no grad";

const cellOf = (key, values, cls = "") => slot(key, values, { cls });

/** A factor inside a rule: a negative number in parentheses, so "× −0.3" never reads as a subtraction. */
function factor(key, values, cls) {
  const value = values[key];
  const negative = typeof value === "number" && fmt(value).startsWith(MINUS);
  return negative ? `(${cellOf(key, values, cls)})` : cellOf(key, values, cls);
}

export function forwardTable(v, n) {
  const products = Array.from({ length: n }, (_, i) => `
        <tr>
          <th scope="row" data-q="product${i}"><span class="q">x${sub(i)}·w${sub(i)}</span></th>
          <td class="rule">${cellOf(`x${i}`, v, "v-in")} × ${factor(`w${i}`, v, "v-in")}</td>
          <td class="num v-fwd">${cellOf(`product${i}`, v)}</td>
        </tr>`).join("");
  const sum = Array.from({ length: n }, (_, i) => `x${sub(i)}w${sub(i)}`).join(" + ");
  return `
  <div class="panel forward" part="forward">
    <h3 id="fwd-title"><span class="dir" aria-hidden="true">→</span> Forward pass: values</h3>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="fwd-title">
      <table>
        <thead><tr><th scope="col">quantity</th><th scope="col" class="rule-h">rule</th><th scope="col" class="num">value</th></tr></thead>
        <tbody>${products}
        <tr>
          <th scope="row" data-q="z"><span class="q">z</span></th>
          <td class="rule">${sum} + b, <span class="nowrap">b = ${cellOf("b", v, "v-in")}</span></td>
          <td class="num v-fwd">${cellOf("z", v)}</td>
        </tr>
        <tr>
          <th scope="row" data-q="yhat"><span class="q">ŷ</span></th>
          <td class="rule">σ(z) = 1 / (1 + e<sup>${MINUS}z</sup>)</td>
          <td class="num v-fwd">${cellOf("yhat", v)}</td>
        </tr>
        <tr class="loss-row">
          <th scope="row" data-q="loss"><span class="q">L</span></th>
          <td class="rule">½ (ŷ ${MINUS} y)², <span class="nowrap">y = ${cellOf("y", v, "v-in")}</span></td>
          <td class="num v-fwd">${cellOf("loss", v)}</td>
        </tr>
        </tbody>
      </table>
    </div>
  </div>`;
}

export function backwardTable(v, n) {
  const weightRows = Array.from({ length: n }, (_, i) => `
        <tr${v[`dL_dw${i}`] === NO_GRAD ? ' class="frozen"' : ""}>
          <th scope="row" data-q="dL_dw${i}"><span class="q">dL/dw${sub(i)}</span> <span class="tag">gradient</span></th>
          <td class="rule">${v[`dL_dw${i}`] === NO_GRAD ? "requires_grad is off: backward() leaves it alone"
            : `δ · x${sub(i)} = ${factor("dL_dz", v, "v-back")} × ${factor(`x${i}`, v, "v-in")}`}</td>
          <td class="num v-back">${cellOf(`dL_dw${i}`, v)}</td>
        </tr>`).join("");
  return `
  <div class="panel backward" part="backward">
    <h3 id="back-title"><span class="dir" aria-hidden="true">←</span> Backward pass: gradients, each row using the one before</h3>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="back-title">
      <table>
        <thead><tr><th scope="col">dL/d…</th><th scope="col" class="rule-h">rule</th><th scope="col" class="num">value</th></tr></thead>
        <tbody>
        <tr>
          <th scope="row" data-q="dL_dyhat"><span class="q">dL/dŷ</span> <span class="tag">gradient</span></th>
          <td class="rule">ŷ ${MINUS} y = ${cellOf("yhat", v, "v-fwd")} ${MINUS} ${factor("y", v, "v-in")}</td>
          <td class="num v-back">${cellOf("dL_dyhat", v)}</td>
        </tr>
        <tr class="local-row">
          <th scope="row" data-q="dyhat_dz"><span class="q">dŷ/dz</span> <span class="tag">local slope</span></th>
          <td class="rule">σ(z)(1 ${MINUS} σ(z)) at z = ${cellOf("z", v, "v-fwd")}</td>
          <td class="num v-local">${cellOf("dyhat_dz", v)}</td>
        </tr>
        <tr class="delta">
          <th scope="row" data-q="dL_dz"><span class="q">dL/dz = δ</span> <span class="tag">delta</span></th>
          <td class="rule">dL/dŷ · dŷ/dz = ${factor("dL_dyhat", v, "v-back")} × ${factor("dyhat_dz", v, "v-local")}</td>
          <td class="num v-back">${cellOf("dL_dz", v)}</td>
        </tr>${weightRows}
        <tr${v.dL_db === NO_GRAD ? ' class="frozen"' : ""}>
          <th scope="row" data-q="dL_db"><span class="q">dL/db</span> <span class="tag">gradient</span></th>
          <td class="rule">${v.dL_db === NO_GRAD ? "requires_grad is off: backward() leaves it alone" : "δ (z = … + b, so dz/db = 1)"}</td>
          <td class="num v-back">${cellOf("dL_db", v)}</td>
        </tr>
        </tbody>
      </table>
    </div>
    <p class="delta-note" part="delta-note"><strong>δ (“delta”)</strong> = dL/dz is the error signal at the neuron.
      Both rows that feed the update, dL/dw<sub>i</sub> = δ·x<sub>i</sub> and dL/db = δ, are multiples of it.</p>
  </div>`;
}

export function updateTable(v, n, s) {
  const piling = s && !s.zero_grads;
  const row = (name, now, carried, thisPass, gradKey, next) => { // a row header names its parameter (linked-terms.js)
    const frozen = v[gradKey] === NO_GRAD;
    const pile = piling ? `
          <td class="num v-back">${cellOf(carried, v)}</td>
          <td class="num v-back"><span class="op" aria-hidden="true">+</span> ${cellOf(thisPass, v)}</td>` : "";
    return `
        <tr${frozen ? ' class="frozen"' : ""}>
          <th scope="row" data-q="${now}"><span class="q">${name}</span></th>
          <td class="num v-fwd">${cellOf(now, v)}</td>${pile}
          <td class="num v-back">${piling ? '<span class="op" aria-hidden="true">=</span> ' : ""}${cellOf(gradKey, v)}</td>
          <td class="num v-fwd next"><span class="dir" aria-hidden="true">→</span> ${cellOf(next, v)}${frozen ? ' <span class="tag">unchanged</span>' : ""}</td>
        </tr>`;
  };
  const rows = Array.from({ length: n }, (_, i) => row(`w${sub(i)}`, `w${i}`, `carried_w${i}`, `dL_dw${i}`, `grad_w${i}`, `w_new${i}`)).join("")
    + row("b", "b", "carried_b", "dL_db", "grad_b", "b_new");
  const pileHead = piling ? `<th scope="col" class="num">.grad carried in</th><th scope="col" class="num">+ this pass</th>` : "";
  return `
  <div class="panel update${piling ? " piling" : ""}" part="update">
    <h3 id="upd-title">Update: p ← p ${MINUS} lr · p.grad, <span class="nowrap">lr = ${cellOf("lr", v, "v-in")}</span></h3>
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="upd-title">
      <table>
        <thead><tr><th scope="col"><span class="narrow-hide">parameter</span></th><th scope="col" class="num">now</th>${pileHead}<th scope="col" class="num">${piling ? "= .grad (used)" : ".grad"}</th><th scope="col" class="num">after the step</th></tr></thead>
        <tbody>${rows}
        </tbody>
      </table>
    </div>
    ${piling ? `<p class="pile-note" part="pile-note"><strong>Gradients are piling up.</strong> Nothing zeroed the .grad
      buffers, so this backward pass added its gradient onto what the last step left there, and the update uses the
      sum.</p>` : ""}
  </div>`;
}

