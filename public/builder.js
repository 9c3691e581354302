// trustbadge pages: live search, live badge preview and copy buttons.
// Progressive enhancement only: without this file every step still works through plain GET forms.
(function () {
  'use strict';

  var SEARCH_DELAY_MS = 150;
  var SEARCH_LIMIT = 8;

  function formatCategory(category) {
    return category.replace(/[_-]+/g, ' ');
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function hidden(text) {
    return element('span', 'visually-hidden', text);
  }

  // Same markup as src/http/pages/search-section.ts, built with DOM calls (never innerHTML).
  function resultItem(result) {
    var link = element('a', 'result');
    link.href = '/?target=' + result.target;
    link.appendChild(element('span', 'result-name', result.name));
    link.appendChild(element('span', 'result-meta', result.registry + ' · ' + formatCategory(result.category)));
    var grade = element('span', 'grade grade-' + result.grade.toLowerCase());
    grade.appendChild(hidden('grade '));
    grade.appendChild(document.createTextNode(result.grade));
    link.appendChild(grade);
    var score = element('span', 'result-score');
    score.appendChild(hidden('score '));
    score.appendChild(document.createTextNode(result.score.toFixed(1)));
    link.appendChild(score);
    var item = element('li');
    item.appendChild(link);
    return item;
  }

  function setupSearch() {
    var input = document.getElementById('q');
    var box = document.getElementById('search-results');
    var status = document.getElementById('results-status');
    if (!input || !box || !status) return;
    var sequence = 0;
    var timer = 0;

    function render(query, results) {
      var old = box.querySelector('ul');
      if (old) box.removeChild(old);
      box.setAttribute('data-q', results === null ? '' : query);
      if (results === null) {
        status.textContent = '';
        return;
      }
      if (results.length === 0) {
        status.textContent = 'Nothing starts with “' + query + '”.';
        return;
      }
      status.textContent = results.length + (results.length === 1 ? ' match' : ' matches') + ' for “' + query + '”, best score first.';
      var list = element('ul', 'result-list');
      results.forEach(function (result) {
        list.appendChild(resultItem(result));
      });
      box.appendChild(list);
    }

    function run() {
      var query = input.value.trim();
      var mine = ++sequence;
      if (query === '') {
        render(query, null);
        return;
      }
      // Stale answers are dropped by sequence, not aborted: nothing is cancelled mid-flight.
      fetch('/v1/search?limit=' + SEARCH_LIMIT + '&q=' + encodeURIComponent(query), { headers: { accept: 'application/json' } })
        .then(function (response) {
          if (!response.ok) throw new Error('search answered ' + response.status);
          return response.json();
        })
        .then(function (body) {
          if (mine === sequence) render(query, body.results);
        })
        .catch(function () {
          if (mine === sequence) status.textContent = 'Live search is unavailable; press Search instead.';
        });
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(run, SEARCH_DELAY_MS);
    });

    // Arrow keys move from the field through the results and back; Escape returns to the field.
    function links() {
      return Array.prototype.slice.call(box.querySelectorAll('a.result'));
    }
    input.addEventListener('keydown', function (event) {
      if (event.key !== 'ArrowDown') return;
      var first = links()[0];
      if (first) {
        event.preventDefault();
        first.focus();
      }
    });
    box.addEventListener('keydown', function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (at < 0) return;
      if (event.key === 'ArrowDown' && at < all.length - 1) all[at + 1].focus();
      else if (event.key === 'ArrowUp') (at === 0 ? input : all[at - 1]).focus();
      else if (event.key === 'Escape') input.focus();
      else return;
      event.preventDefault();
    });
  }

  function setupBuilder() {
    var form = document.getElementById('builder');
    var image = document.getElementById('badge-preview');
    var stage = document.getElementById('preview-stage');
    var caption = document.getElementById('preview-caption');
    var submit = document.getElementById('builder-submit');
    var status = document.getElementById('copy-status');
    if (!form || !image || !stage || !caption) return;
    if (submit) submit.hidden = true;
    var sequence = 0;

    form.addEventListener('change', function () {
      var mine = ++sequence;
      var params = new URLSearchParams(new FormData(form));
      params.delete('target');
      fetch(form.getAttribute('data-embed') + '?' + params.toString(), { headers: { accept: 'application/json' } })
        .then(function (response) {
          if (!response.ok) throw new Error('embed answered ' + response.status);
          return response.json();
        })
        .then(function (body) {
          if (mine !== sequence) return;
          var svg = new URL(body.badge.svg);
          image.src = svg.pathname + svg.search;
          image.alt = body.alt;
          var theme = params.get('theme') === 'dark' ? 'dark' : 'light';
          stage.className = 'preview-stage theme-' + theme;
          caption.textContent = 'Preview on a ' + theme + ' page, at twice its size';
          Array.prototype.forEach.call(document.querySelectorAll('textarea[data-snippet]'), function (field) {
            field.value = body.badge[field.getAttribute('data-snippet')];
          });
          history.replaceState(null, '', '/?' + new URLSearchParams(new FormData(form)).toString());
        })
        .catch(function () {
          if (status) status.textContent = 'The preview could not be updated; press Update preview instead.';
          if (submit) submit.hidden = false;
        });
    });
  }

  function setupCopy() {
    var status = document.getElementById('copy-status');
    Array.prototype.forEach.call(document.querySelectorAll('button[data-copy]'), function (button) {
      var field = document.getElementById(button.getAttribute('data-copy'));
      if (!field) return;
      var label = document.querySelector('label[for="' + field.id + '"]');
      var name = label ? label.textContent : 'Snippet';
      button.hidden = false;
      field.addEventListener('focus', function () {
        field.select();
      });
      button.addEventListener('click', function () {
        var copied = navigator.clipboard && window.isSecureContext
          ? navigator.clipboard.writeText(field.value)
          : new Promise(function (resolve, reject) {
            field.select();
            if (document.execCommand('copy')) resolve();
            else reject(new Error('copy refused'));
          });
        copied.then(
          function () {
            if (status) status.textContent = name + ' copied to the clipboard.';
          },
          function () {
            field.focus();
            if (status) status.textContent = 'Press Ctrl+C (or ⌘C) to copy the selected ' + name + '.';
          },
        );
      });
    });
  }

  setupSearch();
  setupBuilder();
  setupCopy();
})();
