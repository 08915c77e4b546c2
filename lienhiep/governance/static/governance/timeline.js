// The composition timeline of a committee: one row per seat holder, one floating bar per seat.
(function () {
  "use strict";
  var COLORS = { chair: "#0a3d91", departed: "#dc3545", other: "#0d6efd" };
  function init() {
    var source = document.getElementById("chart-data");
    var canvas = document.querySelector("canvas[data-chart=timeline]");
    if (!source || !canvas || typeof Chart === "undefined") { return; }
    var d = JSON.parse(source.textContent).timeline;
    if (!d || !d.bars.length) { return; }
    // Bars of one row go to successive datasets, drawn over one another (grouped: false).
    var layers = [];
    var seen = {};
    d.bars.forEach(function (bar) {
      var layer = seen[bar.row] || 0;
      seen[bar.row] = layer + 1;
      (layers[layer] = layers[layer] || []).push(bar);
    });
    var datasets = layers.map(function (bars) {
      return {
        data: bars.map(function (b) { return { x: [b.from, b.to], y: d.labels[b.row], meta: b }; }),
        backgroundColor: bars.map(function (b) {
          return b.ended ? COLORS.departed : (b.position === "chair" ? COLORS.chair : COLORS.other);
        }),
        borderSkipped: false, borderRadius: 3, grouped: false, barPercentage: 0.7, categoryPercentage: 0.9
      };
    });
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    new Chart(canvas, {
      type: "bar",
      data: { labels: d.labels, datasets: datasets },
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
        scales: {
          x: { type: "linear", min: d.min, max: d.max, ticks: { stepSize: 1, callback: function (v) { return String(v); } } },
          y: { ticks: { autoSkip: false } }
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: {
            title: function (items) { return items[0].label; },
            label: function (item) { return item.raw.meta.label; }
          } }
        }
      }
    });
    canvas.dataset.ready = "1";
  }
  document.addEventListener("DOMContentLoaded", init);
})();
