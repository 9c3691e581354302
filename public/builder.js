// trustbadge pages: live search, live badge preview and copy buttons.
// Progressive enhancement only: without this file every step still works through plain GET forms.
(function () {
  'use strict';

  var SEARCH_DELAY_MS = 150;
  var SEARCH_LIMIT = 10; // as the page without JavaScript (schema/params.ts' DEFAULT_SEARCH_LIMIT)

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

  // Same markup as src/http/pages/search-section.ts, built with DOM calls (never innerHTML). A pick
  // keeps the query in the field and lands on the preview (page-text.ts' builderHref).
  function resultItem(result, query) {
    var link = element('a', 'result');
    link.href = '/?q=' + encodeURIComponent(query) + '&target=' + result.target + '#preview';
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

    function render(query, results, body) {
      ['ul', '.more-results'].forEach(function (selector) {
        var old = box.querySelector(selector);
        if (old) box.removeChild(old);
      });
      box.setAttribute('data-q', results === null ? '' : query);
      if (results === null) {
        status.textContent = '';
        return;
      }
      // Said as search-section.ts' statusText says it.
      var near = body.suggestions || [];
      if (results.length === 0) {
        status.textContent = near.length === 0
          ? 'Nothing starts with “' + query + '”.'
          : 'Nothing starts with “' + query + '”. Did you mean ' + (near.length === 1 ? 'this name' : 'one of these ' + near.length + ' names') + '? Each is one letter away.';
        if (near.length === 0) return;
      } else {
        var total = body.total;
        status.textContent = body.more
          ? 'More than ' + total + ' matches for “' + query + '”, exact names first, then best score: type more to narrow them.'
          : total + (total === 1 ? ' match' : ' matches') + ' for “' + query + '”, exact names first, then best score.';
      }
      var list = element('ul', 'result-list');
      if (results.length === 0) list.setAttribute('aria-label', 'Names one typo away');
      (results.length === 0 ? near : results).forEach(function (result) {
        list.appendChild(resultItem(result, query));
      });
      box.appendChild(list);
      if (body.next_cursor) {
        var more = element('p', 'more-results');
        var link = element('a', null, 'Next results for “' + query + '”');
        link.href = '/?q=' + encodeURIComponent(query) + '&cursor=' + body.next_cursor + '#search-results';
        more.appendChild(link);
        box.appendChild(more);
      }
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
          if (mine === sequence) render(query, body.results, body);
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

  // Asks the server for the page these choices make and takes its live parts: the one renderer of
  // previews, contrast and snippets stays on the server, and every control the form has is covered.
  function setupBuilder() {
    var form = document.getElementById('builder');
    var submit = document.getElementById('builder-submit');
    var status = document.getElementById('builder-status');
    if (!form) return;
    if (submit) submit.hidden = true;
    var sequence = 0;
    var timer = 0;

    function choices() {
      var params = new URLSearchParams(new FormData(form));
      var empty = [];
      params.forEach(function (value, name) {
        if (value === '') empty.push(name);
      });
      empty.forEach(function (name) {
        params.delete(name);
      });
      return params;
    }

    // The scale applies to PNG only: off for SVG, so it is neither sent nor offered.
    function syncScale() {
      var scale = form.elements.namedItem('scale');
      var png = form.querySelector('input[name="format"][value="png"]');
      if (scale && png) scale.disabled = !png.checked;
    }

    function takeLiveParts(fresh) {
      Array.prototype.forEach.call(fresh.querySelectorAll('[data-live][id]'), function (next) {
        var current = document.getElementById(next.id);
        if (!current) return;
        if (next.getAttribute('data-live') === 'text') current.textContent = next.textContent;
        else current.replaceWith(document.importNode(next, true));
      });
      Array.prototype.forEach.call(fresh.querySelectorAll('textarea[data-snippet]'), function (next) {
        var current = document.getElementById(next.id);
        if (current) current.value = next.value;
      });
      Array.prototype.forEach.call(document.querySelectorAll('.copy-note'), function (note) {
        note.textContent = '';
      });
    }

    function refresh() {
      syncScale();
      var mine = ++sequence;
      var query = '/?' + choices().toString();
      fetch(query, { headers: { accept: 'text/html' } })
        .then(function (response) {
          if (!response.ok) throw new Error('the builder answered ' + response.status);
          return response.text();
        })
        .then(function (text) {
          if (mine !== sequence) return;
          takeLiveParts(new DOMParser().parseFromString(text, 'text/html'));
          if (status) status.textContent = '';
          history.replaceState(null, '', query);
        })
        .catch(function () {
          if (mine !== sequence) return;
          if (status) status.textContent = 'The preview could not be updated; press Update preview instead.';
          if (submit) submit.hidden = false;
        });
    }

    syncScale();
    form.addEventListener('change', function () {
      clearTimeout(timer);
      refresh();
    });
    // Typed fields (label, label colour) update after a pause, not on every key.
    form.addEventListener('input', function (event) {
      if (event.target.type !== 'text') return;
      clearTimeout(timer);
      timer = setTimeout(refresh, SEARCH_DELAY_MS * 2);
    });
  }

  // The feedback goes next to the pressed button, in a live region that screen readers announce.
  function setupCopy() {
    Array.prototype.forEach.call(document.querySelectorAll('button[data-copy]'), function (button) {
      var field = document.getElementById(button.getAttribute('data-copy'));
      var note = document.getElementById(button.getAttribute('data-note'));
      if (!field) return;
      var label = document.querySelector('label[for="' + field.id + '"]');
      var name = label ? label.textContent : 'Snippet';
      button.hidden = false;
      field.addEventListener('focus', function () {
        field.select();
      });

      function say(text) {
        Array.prototype.forEach.call(document.querySelectorAll('.copy-note'), function (other) {
          other.textContent = '';
        });
        // Set after a turn, so saying the same words twice is announced twice.
        if (note) setTimeout(function () {
          note.textContent = text;
        }, 50);
      }

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
            say(name + ' copied');
          },
          function () {
            field.focus();
            say('Press Ctrl+C (or ⌘C) to copy');
          },
        );
      });
    });
  }

  setupSearch();
  setupBuilder();
  setupCopy();
})();
