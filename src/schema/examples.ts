// Examples for the OpenAPI document: what the service answers for the sample catalogue
// (data/sample.ndjson) with PUBLIC_URL=https://trustbadge.example. test/http/openapi.test.ts asks the
// real app the same questions and requires these very answers, so the docs cannot show a stale shape.

/** The requests each example answers, for the test that keeps them true. */
export const EXAMPLE_REQUESTS = {
  report: '/v1/entities/web/OpenRouter',
  search: '/v1/search?q=sharp&limit=3',
  embed: '/v1/embed/web/OpenRouter?style=flat-square',
  shields: '/v1/shields/web/OpenRouter.json',
  ambiguous: '/v1/preflight?target=sharp',
  invalidQuery: '/v1/search?q=',
} as const;

export const EXAMPLE_BASE_URL = 'https://trustbadge.example';

export const EXAMPLES = {
  report: {
    "target": "web/OpenRouter",
    "entity": {
      "registry": "web",
      "name": "OpenRouter",
      "category": "ai_tool",
      "description": "Unified API for accessing multiple AI models from different providers.",
      "author": null,
      "source_url": null,
      "aliases": [
        "openrouter.ai"
      ]
    },
    "score": 74,
    "grade": "B",
    "verified": true,
    "recommendation": "recommended",
    "dimensions": {
      "security": 74,
      "privacy": 74,
      "reliability": 85,
      "transparency": 50,
      "maintenance": 60,
      "popularity": 85
    },
    "updated_at": "2026-03-24T00:00:00Z",
    "alternatives": [
      {
        "registry": "github",
        "name": "ollama/ollama",
        "score": 80,
        "grade": "A",
        "target": "github/ollama/ollama"
      },
      {
        "registry": "github",
        "name": "ggml-org/llama.cpp",
        "score": 79.9,
        "grade": "B",
        "target": "github/ggml-org/llama.cpp"
      },
      {
        "registry": "github",
        "name": "haotian-liu/LLaVA",
        "score": 71.3,
        "grade": "B",
        "target": "github/haotian-liu/LLaVA"
      },
      {
        "registry": "huggingface",
        "name": "LFM2-350M-Math",
        "score": 59.2,
        "grade": "D",
        "target": "huggingface/LFM2-350M-Math"
      },
      {
        "registry": "huggingface",
        "name": "wan22_i2v_14b_orbit_shot_lora",
        "score": 59.2,
        "grade": "D",
        "target": "huggingface/wan22_i2v_14b_orbit_shot_lora"
      }
    ],
    "badge": {
      "svg": "https://trustbadge.example/badge/web/OpenRouter.svg",
      "png": "https://trustbadge.example/badge/web/OpenRouter.png",
      "report": "https://trustbadge.example/entity/web/OpenRouter",
      "json": "https://trustbadge.example/v1/entities/web/OpenRouter",
      "markdown": "[![trust: B · 74/100](https://trustbadge.example/badge/web/OpenRouter.svg)](https://trustbadge.example/entity/web/OpenRouter)",
      "html": "<a href=\"https://trustbadge.example/entity/web/OpenRouter\"><img src=\"https://trustbadge.example/badge/web/OpenRouter.svg\" alt=\"trust: B · 74/100\"></a>",
      "picture": "<a href=\"https://trustbadge.example/entity/web/OpenRouter\"><picture><source media=\"(prefers-color-scheme: dark)\" srcset=\"https://trustbadge.example/badge/web/OpenRouter.svg?theme=dark\"><img src=\"https://trustbadge.example/badge/web/OpenRouter.svg\" alt=\"trust: B · 74/100\"></picture></a>",
      "rst": ".. image:: https://trustbadge.example/badge/web/OpenRouter.svg\n   :target: https://trustbadge.example/entity/web/OpenRouter\n   :alt: trust: B · 74/100",
      "asciidoc": "image:https://trustbadge.example/badge/web/OpenRouter.svg[pass:[trust: B · 74/100],link=\"https://trustbadge.example/entity/web/OpenRouter\"]"
    },
    "trend": {
      "change_30d": 0,
      "change_90d": 0,
      "change_365d": null,
      "last_change": null
    },
    "data_version": {
      "version": 1,
      "imported_at": "2026-11-24T12:00:00Z"
    }
  },
  search: {
    "results": [
      {
        "registry": "npm",
        "name": "sharp",
        "category": "library",
        "description": "High performance Node.js image processing using libvips to resize JPEG, PNG, WebP, AVIF and TIFF images.",
        "score": 78.6,
        "grade": "B",
        "target": "npm/sharp"
      },
      {
        "registry": "pypi",
        "name": "sharp",
        "category": "library",
        "description": "Small PyTorch add-on implementing sharpness-aware minimization (SAM) optimizers.",
        "score": 44,
        "grade": "D",
        "target": "pypi/sharp"
      }
    ],
    "total": 2,
    "more": false,
    "next_cursor": null,
    "suggestions": []
  },
  embed: {
    "target": "web/OpenRouter",
    "entity": {
      "registry": "web",
      "name": "OpenRouter",
      "category": "ai_tool"
    },
    "score": 74,
    "grade": "B",
    "rated_metrics": [
      "trust",
      "security",
      "privacy",
      "reliability",
      "transparency",
      "maintenance",
      "popularity"
    ],
    "alt": "trust: B · 74/100",
    "badge": {
      "svg": "https://trustbadge.example/badge/web/OpenRouter.svg?style=flat-square",
      "png": "https://trustbadge.example/badge/web/OpenRouter.png?style=flat-square",
      "report": "https://trustbadge.example/entity/web/OpenRouter",
      "json": "https://trustbadge.example/v1/entities/web/OpenRouter",
      "markdown": "[![trust: B · 74/100](https://trustbadge.example/badge/web/OpenRouter.svg?style=flat-square)](https://trustbadge.example/entity/web/OpenRouter)",
      "html": "<a href=\"https://trustbadge.example/entity/web/OpenRouter\"><img src=\"https://trustbadge.example/badge/web/OpenRouter.svg?style=flat-square\" alt=\"trust: B · 74/100\"></a>",
      "picture": "<a href=\"https://trustbadge.example/entity/web/OpenRouter\"><picture><source media=\"(prefers-color-scheme: dark)\" srcset=\"https://trustbadge.example/badge/web/OpenRouter.svg?style=flat-square&amp;theme=dark\"><img src=\"https://trustbadge.example/badge/web/OpenRouter.svg?style=flat-square\" alt=\"trust: B · 74/100\"></picture></a>",
      "rst": ".. image:: https://trustbadge.example/badge/web/OpenRouter.svg?style=flat-square\n   :target: https://trustbadge.example/entity/web/OpenRouter\n   :alt: trust: B · 74/100",
      "asciidoc": "image:https://trustbadge.example/badge/web/OpenRouter.svg?style=flat-square[pass:[trust: B · 74/100],link=\"https://trustbadge.example/entity/web/OpenRouter\"]"
    }
  },
  shields: {
    "schemaVersion": 1,
    "label": "trust",
    "message": "B · 74",
    "color": "4d7c0f",
    "cacheSeconds": 300
  },
  ambiguous: {
    "type": "https://trustbadge.example/docs/api#problem-ambiguous",
    "title": "Several entities match this name; qualify it with its registry.",
    "status": 409,
    "detail": "Several entities match this name; qualify it with its registry.",
    "instance": "urn:trustbadge:request:81d11e4c-5",
    "code": "ambiguous",
    "candidates": [
      {
        "registry": "npm",
        "name": "sharp",
        "category": "library",
        "description": "High performance Node.js image processing using libvips to resize JPEG, PNG, WebP, AVIF and TIFF images.",
        "score": 78.6,
        "grade": "B",
        "target": "npm/sharp"
      },
      {
        "registry": "pypi",
        "name": "sharp",
        "category": "library",
        "description": "Small PyTorch add-on implementing sharpness-aware minimization (SAM) optimizers.",
        "score": 44,
        "grade": "D",
        "target": "pypi/sharp"
      }
    ],
    "more_candidates": false
  },
  invalidQuery: {
    "type": "https://trustbadge.example/docs/api#problem-invalid_query",
    "title": "The search query or its limit is not valid.",
    "status": 400,
    "detail": "q must be 1 to 100 characters.",
    "instance": "urn:trustbadge:request:81d11e4c-6",
    "code": "invalid_query",
    "errors": [
      {
        "in": "query",
        "name": "q",
        "detail": "q must be 1 to 100 characters"
      }
    ]
  },
};
