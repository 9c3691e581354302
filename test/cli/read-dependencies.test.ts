// The dependency-file readers of `trustbadge check`: per format, what its fixture (made by the real tool
// where it runs here, see test/fixtures/lockfiles/README.md) names; that the server reads every purl the
// same way; that broken files are InputErrors at a line; and formatPurl against the server's parser.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, type Dependency } from '../../src/cli/check/check-report.js';
import { formatPurl, splitPurl } from '../../src/cli/check/purl.js';
import { SUPPORTED_FILES, readDependencies } from '../../src/cli/check/read-dependencies.js';
import { parsePackageUrl } from '../../src/domain/package-url.js';
import { fuzzOptions } from '../fuzz/fuzz-settings.js';

const FIXTURES = 'test/fixtures/lockfiles';

const fixture = (path: string): string => readFileSync(`${FIXTURES}/${path}`, 'utf8');
const read = (path: string): Dependency[] => readDependencies(`${FIXTURES}/${path}`, fixture(path));
const pairs = (dependencies: Dependency[]): [string, boolean | null][] => dependencies.map((d) => [d.purl, d.direct]);
const lineOf = (dependencies: Dependency[], purl: string): number | null | undefined => dependencies.find((d) => d.purl === purl)?.line;

/** The InputError `run` throws, checked to name the file. */
function inputError(file: string, run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const inputError = error as InputError;
    expect(inputError.file).toBe(file);
    expect(inputError.message.startsWith(`${file}`)).toBe(true);
    return inputError;
  }
  throw new Error(`${file} was read without an error`);
}

/** Replaces exactly one occurrence, so a corruption cannot silently miss the fixture. */
function corrupt(text: string, find: string, replacement: string): string {
  expect(text.split(find)).toHaveLength(2);
  return text.replace(find, replacement);
}

// The scratch project behind every npm-family fixture: @types/node 20.1.0, debug 4.3.4 (which pulls ms
// 2.1.2), kleur ^4.1.5, old-ms → npm:ms@2.0.0 as dependencies; ms 2.1.3 as a dev dependency; picocolors
// 1.0.0 as an optional one. The npm fixtures add a workspace (@fixture/util) that depends on escape-html.
const NPM_PROJECT: [string, boolean][] = [
  ['pkg:npm/%40types/node@20.1.0', true],
  ['pkg:npm/debug@4.3.4', true],
  ['pkg:npm/kleur@4.1.5', true],
  ['pkg:npm/ms@2.1.2', false],
  ['pkg:npm/ms@2.1.3', true],
  ['pkg:npm/ms@2.0.0', true],
  ['pkg:npm/picocolors@1.0.0', true],
];
const inOrder = (order: string[], direct: (purl: string, declared: boolean) => boolean | null): [string, boolean | null][] =>
  order.map((purl) => [purl, direct(purl, NPM_PROJECT.find(([p]) => p === purl)?.[1] ?? false)]);

describe('npm: package-lock.json and npm-shrinkwrap.json', () => {
  const expected: [string, boolean | null][] = [
    ['pkg:npm/%40types/node@20.1.0', true],
    ['pkg:npm/debug@4.3.4', true],
    ['pkg:npm/ms@2.1.2', false],
    // Declared by the workspace, hoisted to the root: the project's own code asked for it.
    ['pkg:npm/escape-html@1.0.3', true],
    ['pkg:npm/kleur@4.1.5', true],
    ['pkg:npm/ms@2.1.3', true],
    ['pkg:npm/ms@2.0.0', true],
    ['pkg:npm/picocolors@1.0.0', true],
  ];

  it.each(['npm/package-lock.json', 'npm/npm-shrinkwrap.json'])('%s: every installed package once, the workspace link skipped', (path) => {
    const dependencies = read(path);
    expect(pairs(dependencies)).toEqual(expected);
    expect(lineOf(dependencies, 'pkg:npm/debug@4.3.4')).toBe(35);
    // The alias is reported under the package it installs, at the alias's entry.
    expect(dependencies.find((d) => d.purl === 'pkg:npm/ms@2.0.0')).toMatchObject({ name: 'ms', version: '2.0.0', line: 75 });
  });

  it('refuses lockfileVersion 1, saying how to regenerate it', () => {
    const error = inputError('package-lock.json', () => readDependencies('package-lock.json', '{\n  "name": "old",\n  "lockfileVersion": 1,\n  "dependencies": {}\n}\n'));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/npm 7 or newer/);
  });

  it('refuses a lockfile without a "packages" object', () => {
    const error = inputError('package-lock.json', () => readDependencies('package-lock.json', '{ "lockfileVersion": 3 }'));
    expect(error.message).toMatch(/"packages"/);
  });

  it('reports a JSON syntax error at its line', () => {
    const text = corrupt(fixture('npm/package-lock.json'), '"version": "4.3.4",', '"version": "4.3.4",,');
    expect(inputError('x/package-lock.json', () => readDependencies('x/package-lock.json', text)).line).toBe(36);
  });
});

describe('yarn.lock', () => {
  it('v1: every package once, direct unknown (the lockfile does not say)', () => {
    const dependencies = read('yarn-v1/yarn.lock');
    expect(pairs(dependencies)).toEqual(inOrder(NPM_PROJECT.map(([purl]) => purl), () => null));
    expect(lineOf(dependencies, 'pkg:npm/debug@4.3.4')).toBe(10);
    expect(lineOf(dependencies, 'pkg:npm/ms@2.0.0')).toBe(32);
  });

  it('v1: one entry for several descriptors is one dependency', () => {
    const text = '# yarn lockfile v1\n\n\n"left-pad@^1.1.0", left-pad@^1.3.0:\n  version "1.3.0"\n  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz"\n';
    expect(readDependencies('yarn.lock', text)).toEqual([{ purl: 'pkg:npm/left-pad@1.3.0', name: 'left-pad', version: '1.3.0', direct: null, file: 'yarn.lock', line: 4 }]);
  });

  it('Berry: the workspace entry names the direct ones, and is skipped itself', () => {
    const dependencies = read('yarn-berry/yarn.lock');
    expect(pairs(dependencies)).toEqual(inOrder(NPM_PROJECT.map(([purl]) => purl), (_, declared) => declared));
    expect(lineOf(dependencies, 'pkg:npm/debug@4.3.4')).toBe(15);
    expect(lineOf(dependencies, 'pkg:npm/ms@2.0.0')).toBe(64);
  });

  it('Berry: patch and workspace entries are not registry packages; a patched dependency is direct', () => {
    const text = [
      '__metadata:',
      '  version: 8',
      '',
      '"app@workspace:.":',
      '  version: 0.0.0-use.local',
      '  resolution: "app@workspace:."',
      '  dependencies:',
      '    resolve: "patch:resolve@npm%3A^1.22.1#~builtin<compat/resolve>"',
      '',
      '"resolve@npm:^1.22.1":',
      '  version: 1.22.8',
      '  resolution: "resolve@npm:1.22.8"',
      '',
      '"resolve@patch:resolve@npm%3A^1.22.1#~builtin<compat/resolve>":',
      '  version: 1.22.8',
      '  resolution: "resolve@patch:resolve@npm%3A1.22.8#~builtin<compat/resolve>::version=1.22.8&hash=c3c19d"',
      '',
    ].join('\n');
    expect(readDependencies('yarn.lock', text).map((d) => [d.purl, d.direct, d.line])).toEqual([['pkg:npm/resolve@1.22.8', true, 10]]);
  });

  it('reports a syntax error at its line, v1 and Berry', () => {
    const v1 = corrupt(fixture('yarn-v1/yarn.lock'), 'version "4.3.4"', 'version "4.3.4');
    expect(inputError('yarn.lock', () => readDependencies('yarn.lock', v1)).line).toBe(11);
    // An unclosed "[" on line 16 is noticed where the next key starts.
    const berry = corrupt(fixture('yarn-berry/yarn.lock'), '  version: 4.3.4\n', '  version: [4.3.4\n');
    expect(inputError('yarn.lock', () => readDependencies('yarn.lock', berry)).line).toBe(17);
  });
});

describe('pnpm-lock.yaml', () => {
  const order = ['pkg:npm/%40types/node@20.1.0', 'pkg:npm/debug@4.3.4', 'pkg:npm/kleur@4.1.5', 'pkg:npm/ms@2.0.0', 'pkg:npm/ms@2.1.2', 'pkg:npm/ms@2.1.3', 'pkg:npm/picocolors@1.0.0'];

  it.each([
    ['pnpm-v9/pnpm-lock.yaml', 37],
    ['pnpm-v6/pnpm-lock.yaml', 37],
    ['pnpm-v5/pnpm-lock.yaml', 29],
  ])('%s: importers (or the top level) name the direct ones', (path, debugLine) => {
    const dependencies = read(path);
    expect(pairs(dependencies)).toEqual(inOrder(order, (_, declared) => declared));
    expect(lineOf(dependencies, 'pkg:npm/debug@4.3.4')).toBe(debugLine);
  });

  it('version 9: peer suffixes and aliases resolve to their package; links are not packages', () => {
    const text = [
      "lockfileVersion: '9.0'",
      'importers:',
      '  .:',
      '    dependencies:',
      '      react-dom:',
      '        specifier: ^18.2.0',
      '        version: 18.2.0(react@18.2.0)',
      '      local:',
      '        specifier: link:../local',
      '        version: link:../local',
      'packages:',
      '  react-dom@18.2.0:',
      '    resolution: {integrity: sha512-x}',
      '  react@18.2.0:',
      '    resolution: {integrity: sha512-y}',
      '',
    ].join('\n');
    expect(readDependencies('pnpm-lock.yaml', text).map((d) => [d.purl, d.direct, d.line])).toEqual([
      ['pkg:npm/react-dom@18.2.0', true, 12],
      ['pkg:npm/react@18.2.0', false, 14],
    ]);
  });

  it('reports a YAML syntax error at its line', () => {
    // An unclosed "{" on line 39 is noticed where the next key starts.
    const text = corrupt(fixture('pnpm-v9/pnpm-lock.yaml'), "engines: {node: '>=6.0'}", "engines: {node: '>=6.0'");
    expect(inputError('pnpm-lock.yaml', () => readDependencies('pnpm-lock.yaml', text)).line).toBe(40);
  });
});

describe('Python', () => {
  it('requirements.txt: named requirements, pinned by == only, options and markers skipped', () => {
    const dependencies = read('python/requirements.txt');
    expect(dependencies.map((d) => [d.purl, d.direct, d.line])).toEqual([
      ['pkg:pypi/django@4.2.11', true, 6],
      ['pkg:pypi/requests@2.31.0', true, 7],
      ['pkg:pypi/flask-sqlalchemy@3.1.1', true, 8],
      ['pkg:pypi/zope.interface@6.2', true, 9],
      ['pkg:pypi/certifi@2024.2.2', true, 10],
      ['pkg:pypi/urllib3', true, 13],
      ['pkg:pypi/idna', true, 14],
      ['pkg:pypi/charset-normalizer', true, 15],
      ['pkg:pypi/pywin32@306', true, 16],
    ]);
  });

  it('any requirements*.txt is read; a line that is not a requirement is an error at its line', () => {
    expect(readDependencies('requirements-dev.txt', 'pytest==8.0.2\n')).toHaveLength(1);
    const text = `${fixture('python/requirements.txt')}this is not a requirement\n`;
    expect(inputError('requirements.txt', () => readDependencies('requirements.txt', text)).line).toBe(17);
    expect(inputError('requirements.txt', () => readDependencies('requirements.txt', 'flask>=\n')).line).toBe(1);
  });

  it('poetry.lock: each [[package]], direct unknown', () => {
    const dependencies = read('python/poetry.lock');
    const names = ['black@24.2.0', 'cfgv@3.4.0', 'click@8.1.7', 'colorama@0.4.6', 'coverage@7.4.3', 'distlib@0.3.8', 'exceptiongroup@1.2.0', 'filelock@3.13.1', 'identify@2.5.35', 'iniconfig@2.0.0', 'mako@1.3.2', 'markdown@3.5.2', 'markupsafe@2.1.5', 'mypy@1.8.0', 'mypy-extensions@1.0.0', 'nodeenv@1.8.0', 'packaging@24.0', 'pathspec@0.12.1', 'pdoc3@0.10.0', 'platformdirs@4.2.0', 'pluggy@1.4.0', 'pre-commit@3.6.2', 'pytest@8.0.2', 'pytest-cov@4.1.0', 'pyyaml@6.0.1', 'ruff@0.3.0', 'setuptools@69.1.1', 'tomli@2.0.1', 'typing-extensions@4.10.0', 'virtualenv@20.25.1'];
    expect(pairs(dependencies)).toEqual(names.map((n) => [`pkg:pypi/${n}`, null]));
    expect(lineOf(dependencies, 'pkg:pypi/cfgv@3.4.0')).toBe(50);
  });

  it('poetry.lock: a TOML syntax error at its line', () => {
    const text = corrupt(fixture('python/poetry.lock'), 'name = "cfgv"\n', 'name = "cfgv\n');
    expect(inputError('poetry.lock', () => readDependencies('poetry.lock', text)).line).toBe(50);
  });

  it('Pipfile.lock: default and develop, version without "==", direct unknown', () => {
    const dependencies = read('python/Pipfile.lock');
    const names = ['aniso8601@7.0.0', 'click@7.1.2', 'fastapi@0.63.0', 'graphene@2.1.8', 'graphql-core@2.3.2', 'graphql-relay@2.0.1', 'greenlet@1.0.0', 'h11@0.12.0', 'promise@2.3', 'pydantic@1.8.1', 'rx@1.6.1', 'six@1.15.0', 'sqlalchemy@1.4.11', 'starlette@0.13.6', 'typing-extensions@3.7.4.3', 'uvicorn@0.13.4', 'autopep8@1.5.6', 'flake8@3.9.1', 'mccabe@0.6.1', 'pycodestyle@2.7.0', 'pyflakes@2.3.1', 'toml@0.10.2'];
    expect(pairs(dependencies)).toEqual(names.map((n) => [`pkg:pypi/${n}`, null]));
    expect(lineOf(dependencies, 'pkg:pypi/fastapi@0.63.0')).toBe(34);
    expect(lineOf(dependencies, 'pkg:pypi/toml@0.10.2')).toBe(275);
  });

  it('Pipfile.lock: truncated is an error at the end', () => {
    const text = fixture('python/Pipfile.lock').split('\n').slice(0, 40).join('\n');
    expect(inputError('Pipfile.lock', () => readDependencies('Pipfile.lock', text)).line).toBe(40);
  });
});

describe('Cargo.lock', () => {
  it('registry crates only, the workspace crates (no source) skipped, build metadata encoded', () => {
    const dependencies = read('cargo/Cargo.lock');
    const crates = ['anstream@1.0.0', 'anstyle@1.0.14', 'anstyle-parse@1.0.0', 'anstyle-query@1.1.5', 'anstyle-wincon@3.0.11', 'anyhow@1.0.103', 'block-buffer@0.10.4', 'cfg-if@1.0.4', 'clap@4.6.1', 'clap_builder@4.6.0', 'clap_derive@4.6.1', 'clap_lex@1.1.0', 'colorchoice@1.0.5', 'cpufeatures@0.2.17', 'crypto-common@0.1.7', 'digest@0.10.7', 'equivalent@1.0.2', 'generic-array@0.14.7', 'hashbrown@0.17.1', 'heck@0.5.0', 'hex@0.4.3', 'indexmap@2.14.0', 'is_terminal_polyfill@1.70.2', 'itoa@1.0.18', 'libc@0.2.186', 'memchr@2.8.3', 'once_cell_polyfill@1.70.2', 'proc-macro2@1.0.106', 'quote@1.0.46', 'serde@1.0.228', 'serde_core@1.0.228', 'serde_derive@1.0.228', 'serde_json@1.0.150', 'serde_spanned@1.1.1', 'sha2@0.10.9', 'strsim@0.11.1', 'syn@2.0.118', 'thiserror@2.0.18', 'thiserror-impl@2.0.18', 'toml@0.9.12%2Bspec-1.1.0', 'toml_datetime@0.7.5%2Bspec-1.1.0', 'toml_parser@1.1.2%2Bspec-1.1.0', 'toml_writer@1.1.1%2Bspec-1.1.0', 'typenum@1.20.1', 'unicode-ident@1.0.24', 'utf8parse@0.2.2', 'version_check@0.9.5', 'windows-link@0.2.1', 'windows-sys@0.61.2', 'winnow@0.7.15', 'winnow@1.0.4', 'zmij@1.0.23'];
    expect(pairs(dependencies)).toEqual(crates.map((c) => [`pkg:cargo/${c}`, null]));
    expect(dependencies.some((d) => d.name.startsWith('qudipi'))).toBe(false);
    expect(lineOf(dependencies, 'pkg:cargo/anyhow@1.0.103')).toBe(56);
    expect(lineOf(dependencies, 'pkg:cargo/winnow@1.0.4')).toBe(469);
    expect(dependencies.find((d) => d.name === 'toml')?.version).toBe('0.9.12+spec-1.1.0');
  });

  it('a TOML syntax error at its line', () => {
    const text = corrupt(fixture('cargo/Cargo.lock'), 'version = "1.0.103"', 'version = 1.0.103"');
    expect(inputError('Cargo.lock', () => readDependencies('Cargo.lock', text)).line).toBe(57);
  });
});

describe('go.sum', () => {
  it('one per module version that was built; versions only read for their go.mod are left out', () => {
    const dependencies = read('go/go.sum');
    expect(dependencies.map((d) => [d.purl, d.direct, d.line])).toEqual([
      ['pkg:golang/github.com/davecgh/go-spew@v1.1.2-0.20180830191138-d8f796af33cc', null, 4],
      ['pkg:golang/github.com/go-viper/mapstructure/v2@v2.3.0', null, 6],
      ['pkg:golang/github.com/google/go-github/v74@v74.0.0', null, 8],
      ['pkg:golang/github.com/gorilla/mux@v1.8.0', null, 10],
      ['pkg:golang/github.com/josharian/intern@v1.0.0', null, 12],
      ['pkg:golang/github.com/kr/pretty@v0.3.1', null, 16],
      ['pkg:golang/github.com/shurcooL/githubv4@v0.0.0-20240727222349-48295856cce7', null, 18],
      ['pkg:golang/github.com/stretchr/testify@v1.10.0', null, 22],
      ['pkg:golang/golang.org/x/sys@v0.31.0', null, 24],
      ['pkg:golang/gopkg.in/yaml.v3@v3.0.1', null, 28],
    ]);
  });

  it('a malformed line is an error at that line', () => {
    const text = corrupt(fixture('go/go.sum'), 'github.com/gorilla/mux v1.8.0 h1:i40aqfkR1h2SlN9hojwV5ZA91wcXFOvkdNIeFDP5koI=', 'github.com/gorilla/mux v1.8.0');
    expect(inputError('go.sum', () => readDependencies('go.sum', text)).line).toBe(10);
  });
});

describe('Gemfile.lock', () => {
  it('GEM specs, DEPENDENCIES naming the direct ones, the PATH gem skipped', () => {
    const dependencies = read('ruby/Gemfile.lock');
    const declared = new Set(['codeclimate-test-reporter', 'colorized', 'rake', 'rspec', 'rubocop', 'simplecov']);
    const gems = ['ast@2.3.0', 'astrolabe@1.3.1', 'codeclimate-test-reporter@1.0.3', 'colorize@0.8.1', 'colorized@0.0.0', 'diff-lcs@1.2.5', 'docile@1.1.5', 'highline@1.7.8', 'json@2.0.2', 'parser@2.3.3.1', 'powerpack@0.1.1', 'rainbow@2.1.0', 'rake@12.0.0', 'rspec@3.5.0', 'rspec-core@3.5.4', 'rspec-expectations@3.5.0', 'rspec-mocks@3.5.0', 'rspec-support@3.5.0', 'rubocop@0.29.1', 'ruby-progressbar@1.8.1', 'simplecov@0.12.0', 'simplecov-html@0.10.0'];
    expect(pairs(dependencies)).toEqual(gems.map((g) => [`pkg:gem/${g}`, declared.has(g.split('@')[0] ?? '')]));
    expect(lineOf(dependencies, 'pkg:gem/rake@12.0.0')).toBe(26);
  });

  it('a platform gem keeps the version only', () => {
    const text = 'GEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri (1.16.0-x86_64-linux)\n      racc (~> 1.4)\n    racc (1.7.3)\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  nokogiri\n';
    expect(pairs(readDependencies('Gemfile.lock', text))).toEqual([['pkg:gem/nokogiri@1.16.0', true], ['pkg:gem/racc@1.7.3', false]]);
  });

  it('a malformed spec is an error at its line', () => {
    const text = corrupt(fixture('ruby/Gemfile.lock'), '    rake (12.0.0)', '    rake 12.0.0');
    expect(inputError('Gemfile.lock', () => readDependencies('Gemfile.lock', text)).line).toBe(26);
  });
});

describe('SBOMs', () => {
  // npm sbom of the npm fixture's project: the root's dependencies are the direct ones; the workspace is a component.
  const expected: [string, boolean][] = [
    ['pkg:npm/%40types/node@20.1.0', true],
    ['pkg:npm/debug@4.3.4', true],
    ['pkg:npm/ms@2.1.2', false],
    ['pkg:npm/escape-html@1.0.3', false],
    ['pkg:npm/kleur@4.1.5', true],
    ['pkg:npm/ms@2.1.3', true],
    ['pkg:npm/ms@2.0.0', true],
    ['pkg:npm/picocolors@1.0.0', true],
    ['pkg:npm/%40fixture/util@0.1.0', true],
  ];

  it('CycloneDX: components, direct from the root component\'s dependsOn', () => {
    const dependencies = read('sbom/bom.cdx.json');
    expect(pairs(dependencies)).toEqual(expected);
    expect(lineOf(dependencies, 'pkg:npm/debug@4.3.4')).toBe(67);
  });

  it('SPDX: packages but the described one, direct from relationships', () => {
    const dependencies = read('sbom/app.spdx.json');
    expect(pairs(dependencies)).toEqual(expected);
    expect(lineOf(dependencies, 'pkg:npm/debug@4.3.4')).toBe(71);
  });

  it('any .json is sniffed for bomFormat or spdxVersion; without a dependency graph, direct is unknown', () => {
    const cyclonedx = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [{ name: 'a', purl: 'pkg:PyPI/Foo_Bar@1.0?arch=x86#sub', components: [{ purl: 'pkg:golang/github.com/gorilla/mux@v1.8.0' }] }] });
    expect(pairs(readDependencies('out/deps.json', cyclonedx))).toEqual([['pkg:pypi/foo-bar@1.0', null], ['pkg:golang/github.com/gorilla/mux@v1.8.0', null]]);
    const spdx = JSON.stringify({ spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', packages: [{ SPDXID: 'SPDXRef-a', externalRefs: [{ referenceType: 'purl', referenceLocator: 'pkg:cargo/serde@1.0.228' }] }] });
    expect(pairs(readDependencies('sbom.json', spdx))).toEqual([['pkg:cargo/serde@1.0.228', null]]);
  });

  it('a JSON syntax error at its line', () => {
    const text = corrupt(fixture('sbom/bom.cdx.json'), '"purl": "pkg:npm/debug@4.3.4",', '"purl": "pkg:npm/debug@4.3.4" "x",');
    expect(inputError('bom.cdx.json', () => readDependencies('bom.cdx.json', text)).line).toBe(67);
    const spdx = fixture('sbom/app.spdx.json').split('\n').slice(0, 100).join('\n');
    expect(inputError('app.spdx.json', () => readDependencies('app.spdx.json', spdx)).line).toBe(100);
  });

  it('a bom.json that is not CycloneDX says so', () => {
    expect(inputError('bom.json', () => readDependencies('bom.json', '{"components": []}')).message).toMatch(/CycloneDX/);
  });
});

describe('readDependencies', () => {
  it('an unsupported file lists what is supported', () => {
    for (const file of ['Gemfile', 'package.json', 'tsconfig.json', 'deps/setup.py']) {
      const error = inputError(file, () => readDependencies(file, '{}'));
      expect(error.line).toBeNull();
      for (const supported of SUPPORTED_FILES) expect(error.message).toContain(supported);
    }
  });

  it('each purl once, direct if any of its entries is', () => {
    const text = 'requests==2.31.0\nRequests[socks]==2.31.0\nrequests_toolbelt\n';
    expect(readDependencies('requirements.txt', text).map((d) => [d.purl, d.line])).toEqual([['pkg:pypi/requests@2.31.0', 1], ['pkg:pypi/requests-toolbelt', 3]]);
    const lock = '# yarn lockfile v1\n\n\nms@2.1.3:\n  version "2.1.3"\n\nms@^2.1.1:\n  version "2.1.3"\n';
    expect(readDependencies('yarn.lock', lock)).toHaveLength(1);
  });

  it('every purl from every fixture is one the server reads the same way', () => {
    const paths = ['npm/package-lock.json', 'npm/npm-shrinkwrap.json', 'yarn-v1/yarn.lock', 'yarn-berry/yarn.lock', 'pnpm-v9/pnpm-lock.yaml', 'pnpm-v6/pnpm-lock.yaml', 'pnpm-v5/pnpm-lock.yaml', 'python/requirements.txt', 'python/poetry.lock', 'python/Pipfile.lock', 'cargo/Cargo.lock', 'go/go.sum', 'ruby/Gemfile.lock', 'sbom/bom.cdx.json', 'sbom/app.spdx.json'];
    for (const path of paths) {
      for (const dependency of read(path)) {
        const parsed = parsePackageUrl(dependency.purl);
        expect(parsed, `${path}: ${dependency.purl}`).toMatchObject({ ok: true, purl: dependency.purl, version: dependency.version });
      }
    }
  });
});

describe('formatPurl', () => {
  it('follows the spec for each type', () => {
    expect(formatPurl('npm', '@types', 'node', '20.1.0')).toBe('pkg:npm/%40types/node@20.1.0');
    expect(formatPurl('pypi', null, 'Zope.Interface__x', '6.2')).toBe('pkg:pypi/zope.interface--x@6.2');
    expect(formatPurl('golang', null, 'github.com/gorilla/mux', 'v1.8.0')).toBe('pkg:golang/github.com/gorilla/mux@v1.8.0');
    expect(formatPurl('cargo', null, 'toml', '0.9.12+spec-1.1.0')).toBe('pkg:cargo/toml@0.9.12%2Bspec-1.1.0');
    expect(formatPurl('gem', null, 'rails', '7.1.0.rc1')).toBe('pkg:gem/rails@7.1.0.rc1');
    expect(formatPurl('nuget', null, 'Newtonsoft.Json', '13.0.3')).toBe('pkg:nuget/Newtonsoft.Json@13.0.3');
    expect(formatPurl('maven', 'org.apache.commons', 'commons-lang3', '3.14.0')).toBe('pkg:maven/org.apache.commons/commons-lang3@3.14.0');
    expect(formatPurl('github', 'Package-URL', 'Purl-Spec', null)).toBe('pkg:github/package-url/purl-spec');
  });

  it('splitPurl reads back what formatPurl writes, qualifiers and subpath dropped', () => {
    expect(splitPurl('pkg:npm/@babel/core@7.0.0?x=1#lib')).toEqual({ type: 'npm', namespace: '@babel', name: 'core', version: '7.0.0' });
    expect(splitPurl('pkg:golang/github.com/gorilla/mux@v1.8.0')).toEqual({ type: 'golang', namespace: 'github.com/gorilla', name: 'mux', version: 'v1.8.0' });
    expect(splitPurl('npm/left-pad')).toBeNull();
  });

  const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789');
  const npmPart = fc.tuple(letter, fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-._'), { maxLength: 20 })).map(([first, rest]) => first + rest.join(''));
  const version = fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99), fc.option(fc.constantFrom('-beta.1', '+build.5', '-rc.1+sha.abc'), { nil: '' })).map(([a, b, c, tail]) => `${a}.${b}.${c}${tail}`);

  it('round-trips npm names, scoped or not, through the server\'s parsePackageUrl', () => {
    fc.assert(
      fc.property(fc.option(npmPart, { nil: null }), npmPart, version, (scope, name, v) => {
        const purl = formatPurl('npm', scope === null ? null : `@${scope}`, name, v);
        const fullName = scope === null ? name : `@${scope}/${name}`;
        expect(parsePackageUrl(purl)).toEqual({ ok: true, target: { registry: 'npm', name: fullName }, version: v, purl });
      }),
      fuzzOptions(300),
    );
  });

  it('round-trips PyPI names, normalised as the purl spec says, through the server\'s parsePackageUrl', () => {
    const pypiName = fc
      .tuple(fc.constantFrom(...'abcXYZ019'), fc.array(fc.constantFrom(...'abcdefXYZ0189-_.'), { maxLength: 20 }), fc.constantFrom(...'aZ9'))
      .map(([first, middle, last]) => first + middle.join('') + last);
    fc.assert(
      fc.property(pypiName, version, (name, v) => {
        const purl = formatPurl('pypi', null, name, v);
        const normalised = name.toLowerCase().replaceAll('_', '-');
        expect(purl).toBe(`pkg:pypi/${normalised}@${encodeURIComponent(v)}`);
        expect(parsePackageUrl(purl)).toEqual({ ok: true, target: { registry: 'pypi', name: normalised }, version: v, purl });
        expect(formatPurl('pypi', null, normalised, v)).toBe(purl);
      }),
      fuzzOptions(300),
    );
  });
});
