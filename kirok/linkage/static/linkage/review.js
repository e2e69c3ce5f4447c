// Keyboard shortcuts of the linkage comparison page: s same, d different, u unsure, k skip.
// A static file because the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    var key = event.key.toLowerCase();
    var control = document.querySelector(".linkage-pair [data-key='" + key + "']");
    if (!control) {
      return;
    }
    event.preventDefault();
    control.click();
  });
})();
