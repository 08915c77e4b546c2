// Charts for pages that embed their figures with json_script("chart-data"); numbers in Vietnamese style.
(function () {
  "use strict";
  function init() {
    var source = document.getElementById("chart-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var locale = document.documentElement.lang === "vi" ? "vi-VN" : "en-GB";
    Chart.defaults.locale = "vi-VN"; // 1.700 whatever the interface language
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.scales.linear.ticks.precision = 0; // counts and đồng: no 0,5 person on an axis
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var kind = canvas.dataset.chart, d = data[canvas.dataset.source];
      if (!d) { return; }
      var config;
      if (kind === "flows") {
        config = { type: "bar", data: { labels: d.labels, datasets: [
          { label: canvas.dataset.joined, data: d.joined, backgroundColor: "#198754" },
          { label: canvas.dataset.left, data: d.left, backgroundColor: "#dc3545" }] } };
      } else if (kind === "stacked" || kind === "grouped") {
        // Several series: d.datasets = [{label, values, color}].
        var colors = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#ffc107", "#0dcaf0"];
        config = { type: "bar", data: { labels: d.labels, datasets: d.datasets.map(function (s, i) {
          return { label: s.label, data: s.values, backgroundColor: s.color || colors[i % colors.length] }; }) },
          options: { scales: kind === "stacked" ? { x: { stacked: true }, y: { stacked: true, beginAtZero: true } }
                                                : { y: { beginAtZero: true } } } };
      } else if (kind === "doughnut") {
        config = { type: "doughnut", data: { labels: d.labels, datasets: [{ data: d.values }] },
          options: { plugins: { legend: { position: "right" } } } };
      } else if (kind === "bar") {
        config = { type: "bar", data: { labels: d.labels, datasets: [{ data: d.values, backgroundColor: "#0d6efd" }] },
          options: { indexAxis: "y", plugins: { legend: { display: false } } } };
      } else {
        config = { type: "line", data: { labels: d.labels, datasets: [{ data: d.values, borderColor: "#0d6efd", tension: 0.2, fill: false }] },
          options: { plugins: { legend: { display: false } } } };
      }
      config.options = Object.assign({ responsive: true, animation: false, locale: locale }, config.options || {});
      new Chart(canvas, config);
    });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
