// PNG downloads of the dashboard's charts, drawn in the browser from the inline SVG.
// Kirok has no server-side raster library; without JavaScript the buttons stay hidden and
// the CSV and SVG links remain.
(function () {
  "use strict";

  function svgOf(button) {
    var key = button.getAttribute("data-png-of");
    if (key === "map") {
      return document.querySelector("svg.tile-map");
    }
    var holder = document.querySelector('[data-chart="' + key + '"]');
    return holder ? holder.querySelector("svg") : null;
  }

  function download(svg, name) {
    var width = svg.viewBox.baseVal.width, height = svg.viewBox.baseVal.height, scale = 2;
    var text = new XMLSerializer().serializeToString(svg);
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = width * scale;
      canvas.height = height * scale;
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      var link = document.createElement("a");
      link.download = "kirok-" + name + ".png";
      link.href = canvas.toDataURL("image/png");
      document.body.appendChild(link);
      link.click();
      link.remove();
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button.png-download").forEach(function (button) {
      var svg = svgOf(button);
      if (!svg) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        download(svg, button.getAttribute("data-png-of"));
      });
    });
  });
})();
