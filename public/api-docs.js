// trustbadge API docs (/docs/api): draws the operations of the OpenAPI document with Swagger UI,
// served from this origin. No inline code, no request to any other origin (validator off).
(function () {
  'use strict';

  var root = document.getElementById('api-reference');
  if (root === null || typeof window.SwaggerUIBundle !== 'function') return;

  window.SwaggerUIBundle({
    url: root.getAttribute('data-openapi-url'),
    domNode: root,
    // Swagger UI would otherwise send the document to validator.swagger.io for a badge.
    validatorUrl: null,
    // Off: the page's own anchors (#badge-parameters, #problem-<code>) keep the URL's fragment.
    deepLinking: false,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    onComplete: function () {
      root.setAttribute('data-ready', 'true');
      // The reference grew above the anchor the browser scrolled to on load: go back to it.
      var target = window.location.hash.length > 1 ? document.getElementById(window.location.hash.slice(1)) : null;
      if (target !== null) target.scrollIntoView();
    },
  });
})();
