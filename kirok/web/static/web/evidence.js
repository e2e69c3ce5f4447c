// Selecting a passage of a source's text fills the evidence form (kirok/web/templates/web/
// _evidence_form.html): its words and its character offsets within the text.
//
// Offsets count Unicode code points, as the server's Python strings do; the browser counts
// UTF-16 units, so a character outside the Basic Multilingual Plane (some Hanja, emoji)
// would otherwise shift every offset after it. The server checks that the quote is exactly
// text[start:end] and refuses the passage if not, so a wrong offset can never be saved.
(function () {
  "use strict";

  var text = document.querySelector("[data-evidence-text]");
  var form = document.querySelector("[data-evidence-form]");
  if (!text || !form) {
    return;
  }
  var quote = form.elements.namedItem("quote");
  var start = form.elements.namedItem("start");
  var end = form.elements.namedItem("end");

  function codePoints(value) {
    return Array.from(value).length;
  }

  // The number of characters of the text before (node, offset).
  function offsetOf(node, offset) {
    var range = document.createRange();
    range.selectNodeContents(text);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  function selectedPassage() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return null;
    }
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) {
      return null;
    }
    var words = range.toString();
    if (!words.trim()) {
      return null;
    }
    var from = offsetOf(range.startContainer, range.startOffset);
    return { words: words, start: from, end: from + codePoints(words) };
  }

  function fill() {
    var passage = selectedPassage();
    if (!passage) {
      return;
    }
    quote.value = passage.words;
    start.value = passage.start;
    end.value = passage.end;
    form.classList.add("evidence-selected");
  }

  // selectionchange also follows a selection made with the keyboard (caret browsing) or
  // by touch; a selection elsewhere on the page is ignored by selectedPassage().
  document.addEventListener("selectionchange", fill);
  text.addEventListener("mouseup", fill);
  // Words typed or pasted by hand: let the server find them in the text.
  quote.addEventListener("input", function () {
    start.value = "";
    end.value = "";
  });
})();
