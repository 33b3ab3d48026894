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

  function valueAxis(chart, name) {
    var options = chart.options || {};
    // A count is never 0.5: whole-number ticks even when the largest bar is 1 or 2.
    return { type: "value", name: name, minInterval: options.integer ? 1 : undefined };
  }

  function buildOption(chart) {
    var options = chart.options || {};
    var horizontal = !!options.horizontal;
    var categoryAxis = { type: "category", data: chart.categories, axisLabel: { interval: 0, hideOverlap: true } };
    var values = valueAxis(chart, chart.value_label);
    if (horizontal) { categoryAxis.inverse = true; categoryAxis.axisLabel.width = 150; categoryAxis.axisLabel.overflow = "truncate"; }
    var series = chart.series.map(function (s) {
      return {
        name: s.name,
        type: chart.kind,
        stack: options.stack ? "total" : undefined,
        smooth: false,
        connectNulls: false,
        data: s.values.map(function (v, i) { return { value: toNumber(v), url: s.urls[i] }; })
      };
    });
    return {
      color: palette,
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      // A horizontal chart's value axis ends on the right with its unit (项): room for it.
      grid: { left: horizontal ? 160 : 50, right: horizontal ? 36 : 20, top: 36, bottom: 28, containLabel: !horizontal },
      xAxis: horizontal ? values : categoryAxis,
      yAxis: horizontal ? categoryAxis : values,
      series: series
    };
  }

  // One small chart for one category (科技活动周: 讲座培训 in 期, 宣传资料 in 份 …): its own axis, a bar per series.
  function buildPanelOption(chart, index) {
    return {
      color: palette,
      animation: false,
      title: { text: chart.categories[index], left: "center", top: 0, textStyle: { fontSize: 12, fontWeight: "normal" } },
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 8, top: 24, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: chart.series.map(function (s) { return s.name; }) },
      yAxis: Object.assign(valueAxis(chart, ""), { splitNumber: 3 }),
      series: [{
        type: "bar",
        name: chart.categories[index],
        data: chart.series.map(function (s, i) {
          return { value: toNumber(s.values[index]), url: s.urls[index], itemStyle: { color: palette[i % palette.length] } };
        })
      }]
    };
  }

  function draw(node, option) {
    var instance = window.echarts.init(node, null, { renderer: "canvas" });
    instance.setOption(option);
    // Every segment opens the list of exactly the records behind it.
    instance.on("click", function (params) {
      if (params.data && params.data.url) { window.location.href = params.data.url; }
    });
    instances.push(instance);
  }

  charts.forEach(function (chart) {
    var node = document.querySelector('[data-chart="' + chart.key + '"]');
    if (!node) { return; }  // a chart without data says 暂无数据 and is not drawn
    node.hidden = false;
    if (chart.options && chart.options.panels) {
      chart.categories.forEach(function (category, index) {
        var panel = document.createElement("div");
        panel.className = "chart-panel";
        panel.dataset.panel = String(index);
        node.appendChild(panel);
        var hasData = chart.series.some(function (s) { return toNumber(s.values[index]); });
        if (hasData) {
          draw(panel, buildPanelOption(chart, index));
        } else {
          // A figure neither year reported: its name and 暂无数据, no empty axis.
          panel.classList.add("chart-panel-empty");
          [category, "暂无数据"].forEach(function (text) {
            var line = document.createElement("div");
            line.textContent = text;
            panel.appendChild(line);
          });
        }
      });
    } else {
      draw(node, buildOption(chart));
    }
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
