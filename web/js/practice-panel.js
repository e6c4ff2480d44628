// The practice panel's markup (practice.js fills it in): the question in words and in the widget's notation, the
// answer box (part "answer"), Check, Show answer, the hint or message beside them in a polite live region, the run's
// status and Start over. Pure: no DOM.

export function panelMarkup() {
  return `
  <section class="practice" data-practice part="practice" aria-labelledby="bp-practice-title">
    <h3 class="practice-title" id="bp-practice-title">Practice</h3>
    <p class="practice-status" data-practice-status></p>
    <div class="practice-ask" data-practice-ask hidden>
      <p class="practice-words" id="bp-answer-words" data-practice-words></p>
      <div class="practice-row">
        <label for="bp-answer" class="practice-label" data-practice-label></label><span aria-hidden="true">=</span>
        <input id="bp-answer" type="text" part="answer" data-practice-input autocomplete="off" spellcheck="false"
          autocapitalize="off" aria-describedby="bp-answer-words bp-answer-help bp-answer-feedback">
        <button type="button" part="button check" data-practice-check>Check</button>
        <button type="button" part="button show-answer" data-practice-show>Show answer</button>
      </div>
      <p class="hint" id="bp-answer-help">A number, or arithmetic such as 3*4 or -0.6857*6.4; Enter checks. Right when
        it rounds to the number the widget shows.</p>
    </div>
    <p class="practice-feedback" id="bp-answer-feedback" data-practice-feedback role="status" aria-live="polite"></p>
    <button type="button" part="button start-over" data-practice-over>Start over</button>
  </section>`;
}
