// The review page of proposed records: a proposal being read lights up its words in the
// text, and a click on highlighted words brings up the proposal they belong to.
(function () {
  "use strict";
  const text = document.getElementById("source-text");
  if (!text) return;
  const marksOf = (number) =>
    Array.from(text.querySelectorAll("mark[data-proposals]")).filter(
      (mark) => mark.dataset.proposals.split(" ").includes(number)
    );

  function light(number, on) {
    for (const mark of marksOf(number)) mark.classList.toggle("proposal-current", on);
  }

  for (const card of document.querySelectorAll("li.proposal[data-proposal]")) {
    const number = card.dataset.proposal;
    card.addEventListener("mouseenter", () => light(number, true));
    card.addEventListener("mouseleave", () => light(number, false));
    card.addEventListener("focusin", () => light(number, true));
    card.addEventListener("focusout", () => light(number, false));
  }

  text.addEventListener("click", (event) => {
    const mark = event.target.closest("mark[data-proposals]");
    if (!mark || window.getSelection().toString()) return;
    const card = document.getElementById(`proposal-${mark.dataset.proposals.split(" ")[0]}`);
    if (card) card.scrollIntoView({ behavior: "smooth", block: "start" });
  });
})();
