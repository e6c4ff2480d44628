// A switch for a widget's practice mode (its `practice` attribute): the lesson's "Ask me first" offers and the
// authors' page's previews. On, the widget starts a practice run and asks before it reveals; off, it shows everything
// again. The page's own markup can hold the checkbox (disabled until this wires it, so a page where modules never run
// does not offer a switch that does nothing).

/** Wire the checkbox `box` to `element`'s practice attribute. */
export function wirePracticeSwitch(box, element) {
  box.checked = element.hasAttribute("practice");
  box.disabled = false;
  box.addEventListener("change", () => element.toggleAttribute("practice", box.checked));
}

/** Every <input type="checkbox" data-practice-for="ID"> under `root`, wired to the element with that id. */
export function wirePracticeOffers(root) {
  for (const box of root.querySelectorAll("input[type=checkbox][data-practice-for]")) {
    const element = root.getElementById ? root.getElementById(box.dataset.practiceFor) : null;
    if (element) wirePracticeSwitch(box, element);
  }
}
