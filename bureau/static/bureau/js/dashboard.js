/* Leaders' dashboard: draws the charts from the json_script data; without JavaScript the tables remain. */
(function () {
  "use strict";

  var yearSelect = document.getElementById("year-select");
  if (yearSelect) {
    // Switching the year reloads the page; the 查看 button stays for keyboards and no-JS.
    yearSelect.addEventListener("change", function () { yearSelect.form.submit(); });
  }

  var dataNode = document.getElementById("dashboard-charts");
  if (!dataNode || typeof window.echarts === "undefined") { return; }
  var charts = JSON.parse(dataNode.textContent);
  var palette = ["#0d6efd", "#20c997", "#6c757d", "#adb5bd", "#fd7e14", "#6f42c1", "#d63384", "#198754"];
  var instances = [];

  function toNumber(value) {
    if (value === null || value === undefined || value === "") { return null; }
    var n = Number(value);
    return isNaN(n) ? null : n;
  }

  function buildOption(chart) {
    var options = chart.options || {};
    var horizontal = !!options.horizontal;
    var categoryAxis = { type: "category", data: chart.categories, axisLabel: { interval: 0, hideOverlap: true } };
    var valueAxis = { type: options.log ? "log" : "value", name: chart.value_label, minorSplitLine: { show: false } };
    if (horizontal) { categoryAxis.inverse = true; categoryAxis.axisLabel.width = 150; categoryAxis.axisLabel.overflow = "truncate"; }
    var series = chart.series.map(function (s) {
      return {
        name: s.name,
        type: chart.kind,
        stack: options.stack ? "total" : undefined,
        smooth: false,
        connectNulls: false,
        data: s.values.map(function (v, i) {
          var n = toNumber(v);
          // A log axis cannot show zero: leave the bar out, the table still shows 0.
          if (options.log && n !== null && n <= 0) { n = null; }
          return { value: n, url: s.urls[i] };
        })
      };
    });
    return {
      color: palette,
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: horizontal ? 160 : 50, right: 20, top: 36, bottom: 28, containLabel: !horizontal },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: series
    };
  }

  charts.forEach(function (chart) {
    var node = document.querySelector('[data-chart="' + chart.key + '"]');
    if (!node) { return; }
    node.hidden = false;
    var instance = window.echarts.init(node, null, { renderer: "canvas" });
    instance.setOption(buildOption(chart));
    // Every segment opens the list of exactly the records behind it.
    instance.on("click", function (params) {
      if (params.data && params.data.url) { window.location.href = params.data.url; }
    });
    instances.push(instance);
    var details = node.parentNode.querySelector("details.chart-table");
    if (details) { details.open = false; }
  });

  window.addEventListener("resize", function () {
    instances.forEach(function (instance) { instance.resize(); });
  });
  window.addEventListener("beforeprint", function () {
    instances.forEach(function (instance) { instance.resize(); });
  });
})();
