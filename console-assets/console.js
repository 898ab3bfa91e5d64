/* global window, document */
/*
 * The console's script (issue 14): served as a file, never inline (the CSP allows no inline
 * script). It draws every `.chart[data-chart]` with ECharts from the option object the server
 * wrote into the attribute — the same object the server renders to SVG for the PDFs — and
 * redraws charts htmx swaps in. Pages work without it; it only adds pictures and conveniences.
 */
(function () {
  'use strict';
  // Value axes and tooltips in the page's language (ECharts groups with commas whatever the language).
  var lang = document.documentElement.lang === 'nb' ? 'nb-NO' : 'en';
  var format = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  function localize(axes) {
    if (!axes) return axes;
    var list = Array.isArray(axes) ? axes : [axes];
    list.forEach(function (a) {
      if (a.type === 'value') {
        a.axisLabel = a.axisLabel || {};
        a.axisLabel.formatter = function (v) {
          return format.format(v);
        };
      }
    });
    return list;
  }
  function draw(root) {
    if (!window.echarts) return;
    root.querySelectorAll('.chart[data-chart]').forEach(function (el) {
      var option;
      try {
        option = JSON.parse(el.getAttribute('data-chart'));
      } catch {
        return;
      }
      var old = window.echarts.getInstanceByDom(el);
      if (old) old.dispose();
      var chart = window.echarts.init(el, null, { renderer: 'svg' });
      option.animation = false;
      option.xAxis = localize(option.xAxis);
      option.yAxis = localize(option.yAxis);
      if (option.tooltip)
        option.tooltip.valueFormatter = function (v) {
          return typeof v === 'number' ? format.format(v) : v;
        };
      chart.setOption(option);
    });
  }
  function resizeAll() {
    if (!window.echarts) return;
    document.querySelectorAll('.chart[data-chart]').forEach(function (el) {
      var c = window.echarts.getInstanceByDom(el);
      if (c) c.resize();
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.documentElement.classList.add('js');
    draw(document);
    // The language menu submits itself when changed (its button stays for keyboards without script).
    document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
      select.addEventListener('change', function () {
        select.form.submit();
      });
    });
  });
  document.addEventListener('htmx:afterSwap', function (event) {
    draw(event.target.parentNode || document);
  });
  window.addEventListener('resize', resizeAll);
})();
