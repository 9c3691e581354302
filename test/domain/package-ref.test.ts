// Package URLs and registry addresses read as catalogue targets: the purl spec's own cases, every
// registry's forms, refusals that name the part, and round trips over catalogue-shaped names.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/domain/entity-record.js';
import { foldName } from '../../src/domain/entity.js';
import { pypiSpellings } from '../../src/domain/package-url.js';
import {
  MAX_REF_CHARS,
  REF_PROBLEMS,
  REGISTRY_REFS,
  parseEntityRef,
  parsePackageUrl,
  parseRegistryUrl,
  type PackageUrlParse,
  type QualifiedName,
  type RegistryUrlParse,
} from '../../src/domain/package-ref.js';
import { parseTarget, splitTarget } from '../../src/domain/target.js';
import { SYNTHETIC_REGISTRIES, syntheticRecord } from '../../tools/synthetic-catalogue.js';
import { PURL_TYPE_OF, purlOf, urlOf } from '../helpers/registry-refs.js';
import { fuzzOptions } from '../fuzz/fuzz-settings.js';

const REGISTRIES: ReadonlySet<string> = new Set(SYNTHETIC_REGISTRIES.map((r) => r.name));

/** Whatever comes back is well formed: a target the project's own target rules accept, or a reason. */
function expectWellFormed(parsed: PackageUrlParse | RegistryUrlParse | null): void {
  if (parsed === null) return;
  if (!parsed.ok) {
    expect(REF_PROBLEMS).toContain(parsed.problem);
    expect(parsed.reason.length).toBeGreaterThan(10);
    return;
  }
  expect(REGISTRIES.has(parsed.target.registry)).toBe(true);
  const target = parseTarget(`${parsed.target.registry}/${parsed.target.name}`);
  expect(target.ok).toBe(true);
  if (target.ok) expect(splitTarget(target.target, REGISTRIES)).toEqual(parsed.target);
  expect([...parsed.target.name].length).toBeLessThanOrEqual(LIMITS.nameChars);
  if ('purl' in parsed) expect(parsePackageUrl(parsed.purl)).toMatchObject({ ok: true, purl: parsed.purl });
}

function targetOf(parsed: PackageUrlParse | RegistryUrlParse | null): QualifiedName | string | null {
  expectWellFormed(parsed);
  if (parsed === null) return null;
  return parsed.ok ? parsed.target : parsed.problem;
}

const npm = (name: string): QualifiedName => ({ registry: 'npm', name });

describe('parsePackageUrl: the spec', () => {
  // Cases whose canonical form differs from the input, from the spec's tests/types/*-test.json
  // (package-url/purl-spec 16f3d0e3) for every type the catalogue reads.
  it.each([
    ["pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/repo.git%404345abcd34343", "pkg:npm/mypackage@12.4.5?vcs_url=git:%2F%2Fhost.com%2Fpath%2Fto%2Frepo.git%404345abcd34343"],
    ["pkg:npm/@babel/core#/googleapis/api/annotations/", "pkg:npm/%40babel/core#googleapis/api/annotations"],
    ["pkg:npm/core@2.0.1#/googleapis/api/annotations/", "pkg:npm/core@2.0.1#googleapis/api/annotations"],
    ["pkg:PYPI/Django_package@1.11.1.dev1", "pkg:pypi/django-package@1.11.1.dev1"],
    ["pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repositorY_url=https://repo.spring.io/release", "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repository_url=https:%2F%2Frepo.spring.io%2Frelease"],
    ["pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repository_url=repo.spring.io/release", "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repository_url=repo.spring.io%2Frelease"],
    ["pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=pom&repositorY_url=repo.spring.io/release", "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?repository_url=repo.spring.io%2Frelease&type=pom"],
    ["pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=war&repository_url=https://repo.spring.io/release", "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?repository_url=https:%2F%2Frepo.spring.io%2Frelease&type=war"],
    ["pkg:Maven/net.sf.jacob-project/jacob@1.14.3?classifier=x86&type=dll", "pkg:maven/net.sf.jacob-project/jacob@1.14.3?classifier=x86&type=dll"],
    ["pkg:/maven/org.apache.commons/io", "pkg:maven/org.apache.commons/io"],
    ["pkg://maven/org.apache.commons/io", "pkg:maven/org.apache.commons/io"],
    ["pkg:///maven/org.apache.commons/io", "pkg:maven/org.apache.commons/io"],
    ["pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=zip&classifier=dist", "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=dist&type=zip"],
    ["pkg:maven/groovy/groovy@1.0?repository_url=https://maven.google.com", "pkg:maven/groovy/groovy@1.0?repository_url=https:%2F%2Fmaven.google.com"],
    ["pkg:GOLANG/google.golang.org/genproto#/googleapis/api/annotations/", "pkg:golang/google.golang.org/genproto#googleapis/api/annotations"],
    ["pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/api/annotations/", "pkg:golang/google.golang.org/genproto@abcdedf#googleapis/api/annotations"],
    ["pkg:gem/jruby-launcher@1.1.2?Platform=java", "pkg:gem/jruby-launcher@1.1.2?platform=java"],
    ["pkg:Nuget/EnterpriseLibrary.Common@6.0.1304", "pkg:nuget/EnterpriseLibrary.Common@6.0.1304"],
    ["pkg:docker/customer/dockerimage@sha256%3A244fd47e07d1004f0aed9c?repository_url=gcr.io", "pkg:docker/customer/dockerimage@sha256:244fd47e07d1004f0aed9c?repository_url=gcr.io"],
    ["pkg:github/Package-url/purl-Spec@244fd47e07d1004f0aed9c", "pkg:github/package-url/purl-spec@244fd47e07d1004f0aed9c"],
    ["pkg:huggingface/microsoft/deberta-v3-base@559062ad13d311b87b2c455e67dcd5f1c8f65111?repository_url=https://hub-ci.huggingface.co", "pkg:huggingface/microsoft/deberta-v3-base@559062ad13d311b87b2c455e67dcd5f1c8f65111?repository_url=https:%2F%2Fhub-ci.huggingface.co"],
    ["pkg:huggingface/EleutherAI/gpt-neo-1.3B@797174552AE47F449AB70B684CABCB6603E5E85E", "pkg:huggingface/EleutherAI/gpt-neo-1.3B@797174552ae47f449ab70b684cabcb6603e5e85e"],
    ["pkg:composer/Laravel/Laravel@5.5.0", "pkg:composer/laravel/laravel@5.5.0"],
    ["pkg:hex/bar@1.2.3?repository_url=https://myrepo.example.com", "pkg:hex/bar@1.2.3?repository_url=https:%2F%2Fmyrepo.example.com"],
    ["pkg:cocoapods/GoogleUtilities@7.5.2#NSData+zlib", "pkg:cocoapods/GoogleUtilities@7.5.2#NSData%2Bzlib"],
  ])('reads %s, canonically %s', (input, canonical) => {
    const parsed = parsePackageUrl(input);
    expectWellFormed(parsed);
    expect(parsed.ok && parsed.purl).toBe(canonical);
  });

  it.each([
    ['pkg:npm/%40types/node@20.1.0', npm('@types/node'), '20.1.0'],
    ['pkg:npm/@babel/core', npm('@babel/core'), null],
    ['pkg:npm/sharp', npm('sharp'), null],
    ['pkg:npm/%40angular/animation@12.3.1', npm('@angular/animation'), '12.3.1'],
    ['PKG:NPM/express@5.0.0?vcs_url=x#lib', npm('express'), '5.0.0'],
    ['pkg:pypi/requests@2.31.0', { registry: 'pypi', name: 'requests' }, '2.31.0'],
    ['pkg:PYPI/Django_package@1.11.1.dev1', { registry: 'pypi', name: 'Django_package' }, '1.11.1.dev1'],
    ['pkg:cargo/serde', { registry: 'crates', name: 'serde' }, null],
    ['pkg:maven/org.slf4j/slf4j-api', { registry: 'maven', name: 'org.slf4j:slf4j-api' }, null],
    ['pkg:maven/mygroup/myartifact@1.0.0%20Final?mykey=my%20value', { registry: 'maven', name: 'mygroup:myartifact' }, '1.0.0 Final'],
    ['pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c#api', { registry: 'go', name: 'github.com/gorilla/context' }, '234fd47e07d1004f0aed9c'],
    ['pkg:golang/google.golang.org/genproto#googleapis/api/annotations', { registry: 'go', name: 'google.golang.org/genproto' }, null],
    ['pkg:gem/rails@7.1.0', { registry: 'rubygems', name: 'rails' }, '7.1.0'],
    ['pkg:nuget/EnterpriseLibrary.Common@6.0.1304', { registry: 'nuget', name: 'EnterpriseLibrary.Common' }, '6.0.1304'],
    ['pkg:docker/cassandra@latest', { registry: 'docker', name: 'library/cassandra' }, 'latest'],
    ['pkg:docker/library/nginx', { registry: 'docker', name: 'library/nginx' }, null],
    ['pkg:docker/docker.io/smartentry/debian@dc437cc87d10', { registry: 'docker', name: 'smartentry/debian' }, 'dc437cc87d10'],
    ['pkg:docker/customer/dockerimage@sha256%3A244fd47e07d10?repository_url=gcr.io', { registry: 'docker', name: 'customer/dockerimage' }, 'sha256:244fd47e07d10'],
    ['pkg:github/haotian-liu/LLaVA', { registry: 'github', name: 'haotian-liu/LLaVA' }, null],
    ['pkg:github/package-url/purl-spec@244fd47e07d1004#everybody/loves/dogs', { registry: 'github', name: 'package-url/purl-spec' }, '244fd47e07d1004'],
    ['pkg:huggingface/meta-llama/Llama-3.1-8B', { registry: 'huggingface', name: 'meta-llama/Llama-3.1-8B' }, null],
    ['pkg:huggingface/distilbert-base-uncased@043235d6088ecd3dd5fb5ca3592b6913fd516027', { registry: 'huggingface', name: 'distilbert-base-uncased' }, '043235d6088ecd3dd5fb5ca3592b6913fd516027'],
    ['pkg:composer/laravel/laravel@5.5.0', { registry: 'packagist', name: 'laravel/laravel' }, '5.5.0'],
    ['pkg:pub/characters@1.2.0', { registry: 'pub', name: 'characters' }, '1.2.0'],
    ['pkg:hex/jason@1.1.2', { registry: 'hex', name: 'jason' }, '1.1.2'],
    ['pkg:hex/acme/foo@2.3.', { registry: 'hex', name: 'acme/foo' }, '2.3.'],
    ['pkg:cran/rJava@1.0-4', { registry: 'cran', name: 'rJava' }, '1.0-4'],
    ['pkg:conda/absl-py@0.4.1?build=py36h06a4308_0&channel=main&subdir=linux-64&type=tar.bz2', { registry: 'conda', name: 'absl-py' }, '0.4.1'],
    ['pkg:cocoapods/GoogleUtilities@7.5.2#NSData+zlib', { registry: 'cocoapods', name: 'GoogleUtilities' }, '7.5.2'],
    ['  pkg:npm/left-pad\n', npm('left-pad'), null],
  ])('maps %s to %j, version %j', (input, target, version) => {
    const parsed = parsePackageUrl(input);
    expect(targetOf(parsed)).toEqual(target);
    expect(parsed.ok && parsed.version).toBe(version);
  });

  it('answers the canonical form: type lowercased, the type normalised, qualifiers sorted, parts encoded', () => {
    const canonical = (input: string) => {
      const parsed = parsePackageUrl(input);
      return parsed.ok ? parsed.purl : parsed.reason;
    };
    expect(canonical('pkg:npm/@types/node@20.1.0')).toBe('pkg:npm/%40types/node@20.1.0');
    expect(canonical('pkg:pub/Flutter_Test')).toBe('pkg:pub/flutter_test');
    expect(canonical('pkg:hex/Acme/Foo')).toBe('pkg:hex/acme/foo');
    expect(canonical('pkg:cran/A3@0.9.1?b=2&a=1')).toBe('pkg:cran/A3@0.9.1?a=1&b=2');
    expect(canonical('pkg:nuget/caf%C3%A9 x?empty=&k=a%26b%3Dc')).toBe('pkg:nuget/caf%C3%A9%20x?k=a%26b%3Dc');
    expect(canonical('pkg:npm/a#./b/../c/')).toBe('pkg:npm/a#b/c');
  });
});

describe('parsePackageUrl: refusals name the part', () => {
  it.each([
    ['', 'invalid', /empty/],
    ['   ', 'invalid', /empty/],
    ['pkg:', 'invalid', /pkg:type\/name.*neither/],
    ['pkg:npm', 'invalid', /"npm" has no name/],
    ['pkg:npm/', 'invalid', /no name after its type "npm"/],
    ['pkg:npm/@1.0.0', 'invalid', /no name/],
    ['pkg:cran/@0.9.1', 'invalid', /no name/],
    ['pkg:maven/@1.3.4', 'invalid', /no name/],
    ['npm/sharp', 'invalid', /starts with "pkg:"/],
    ['pkg%3Amaven/org.apache.commons/io', 'invalid', /starts with "pkg:"/],
    ['pkg:EnterpriseLibrary.Common@6.0.1304', 'invalid', /has no name/],
    ['pkg:3nginx/nginx@0.8.9', 'invalid', /type "3nginx" must start with a letter/],
    ['pkg:nginx:a/nginx@0.8.9', 'invalid', /type "nginx:a"/],
    ['pkg:n&g?inx/nginx@0.8.9', 'invalid', /qualifier key "inx\/nginx@0.8.9" must start with a letter/],
    ['pkg:npm/a%zzb', 'invalid', /name "a%zzb" is badly percent-encoded/],
    ['pkg:npm/a%E0%A4', 'invalid', /name .* badly percent-encoded/],
    ['pkg:npm/a@1%', 'invalid', /version "1%" is badly percent-encoded/],
    ['pkg:npm/%40sc%ope/a', 'invalid', /namespace "%40sc%ope" is badly percent-encoded/],
    ['pkg:npm/a?k=%', 'invalid', /value of qualifier "k"/],
    ['pkg:npm/a#x%2Fy', 'invalid', /subpath segment "x%2Fy" must not hold an encoded "\/"/],
    ['pkg:npm/a%2Fb', 'invalid', /name "a%2Fb" must not hold an encoded "\/"/],
    ['pkg:npm/myartifact@1.0.0?in%20production=true', 'invalid', /qualifier key "in%20production"/],
    ['pkg:npm/a?k=1&K=2', 'invalid', /qualifier "k" appears twice/],
    ['pkg:npm/angular/core', 'invalid', /npm namespace "angular" must be a scope starting with "@"/],
    ['pkg:npm/@a/@b/c', 'invalid', /npm package URLs take one namespace segment \(the @scope\)/],
    ['pkg:cargo/serde-rs/serde', 'invalid', /cargo package URLs take no namespace, but this one has "serde-rs"/],
    ['pkg:maven/slf4j-api', 'invalid', /maven package URLs need a namespace \(the groupId\)/],
    ['pkg:github/ollama', 'invalid', /github package URLs need a namespace \(the owner\)/],
    ['pkg:golang/context', 'invalid', /golang package URLs need a namespace/],
    ['pkg:npm/..', 'invalid', /name "\.\." must not start or end with "\/"/],
    ['pkg:npm/%20padded', 'invalid', /name " padded"/],
    ['pkg:npm/zero%E2%80%8Bwidth', 'invalid', /name "zero\u200bwidth" must not contain invisible or control characters \(U\+200B\)/],
    ['pkg:npm/nul%00', 'invalid', /name "nul\\u0000" must not contain invisible or control/],
    ['pkg:npm/tab\there', 'invalid', /package URL must not contain invisible or control characters \(U\+0009\)/],
    ['pkg:npm/lone\ud800', 'invalid', /well-formed Unicode/],
    [`pkg:npm/${'a'.repeat(LIMITS.nameChars + 1)}`, 'invalid', /201 characters long; catalogue names have at most 200/],
    [`pkg:npm/a?k=${'v'.repeat(MAX_REF_CHARS)}`, 'invalid', new RegExp(`at most ${MAX_REF_CHARS} are read`)],
    ['pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie', 'unsupported', /no registry for package URL type "deb" \(it has npm, github, pypi/],
    ['pkg:rpm/fedora/curl@7.50.3-1.fc25', 'unsupported', /type "rpm"/],
    ['pkg:apk/alpine/curl@7.83.0-r0', 'unsupported', /type "apk"/],
    ['pkg:swift/github.com/Alamofire/Alamofire@5.4.3', 'unsupported', /type "swift"/],
    ['pkg:bitbucket/birkenfeld/pygments-main', 'unsupported', /type "bitbucket"/],
    ['pkg:Generic/openssl@1.1.10g', 'unsupported', /type "generic"/],
  ])('refuses %j as %s', (input, problem, reason) => {
    const parsed = parsePackageUrl(input);
    expectWellFormed(parsed);
    expect(parsed).toMatchObject({ ok: false, problem });
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });
});

describe('parseRegistryUrl', () => {
  const gh = (name: string): QualifiedName => ({ registry: 'github', name });
  it.each([
    ['https://github.com/haotian-liu/LLaVA', gh('haotian-liu/LLaVA'), null],
    ['https://github.com/haotian-liu/LLaVA/', gh('haotian-liu/LLaVA'), null],
    ['http://www.github.com/ggml-org/llama.cpp.git', gh('ggml-org/llama.cpp'), null],
    ['https://github.com/BurntSushi/ripgrep/tree/master/crates?x=1#readme', gh('BurntSushi/ripgrep'), null],
    ['https://github.com/facebook/react/blob/main/README.md', gh('facebook/react'), null],
    ['HTTPS://GitHub.COM/ollama/ollama', gh('ollama/ollama'), null],
    ['github.com/ollama/ollama', gh('ollama/ollama'), null],
    ['https://www.npmjs.com/package/sharp', npm('sharp'), null],
    ['https://npmjs.com/package/@types/node', npm('@types/node'), null],
    ['https://www.npmjs.com/package/%40types%2Fnode', npm('@types/node'), null],
    ['https://www.npmjs.com/package/@modelcontextprotocol/server-filesystem/v/2025.1.0', npm('@modelcontextprotocol/server-filesystem'), '2025.1.0'],
    ['https://www.npmjs.com/package/express?activeTab=versions', npm('express'), null],
    ['https://pypi.org/project/langchain-community/', { registry: 'pypi', name: 'langchain-community' }, null],
    ['https://pypi.org/project/torch/2.3.0/', { registry: 'pypi', name: 'torch' }, '2.3.0'],
    ['https://pypi.python.org/pypi/numpy', { registry: 'pypi', name: 'numpy' }, null],
    ['https://huggingface.co/meta-llama/Llama-3.1-8B', { registry: 'huggingface', name: 'meta-llama/Llama-3.1-8B' }, null],
    ['https://huggingface.co/openai/whisper-large-v3/tree/main', { registry: 'huggingface', name: 'openai/whisper-large-v3' }, null],
    ['https://huggingface.co/datasets/HuggingFaceFW/fineweb', { registry: 'huggingface', name: 'HuggingFaceFW/fineweb' }, null],
    ['https://hf.co/datasets/openai/gsm8k/viewer', { registry: 'huggingface', name: 'openai/gsm8k' }, null],
    ['https://huggingface.co/gpt2', { registry: 'huggingface', name: 'gpt2' }, null],
    ['https://huggingface.co/gpt2/blob/main/config.json', { registry: 'huggingface', name: 'gpt2' }, null],
    ['https://crates.io/crates/serde', { registry: 'crates', name: 'serde' }, null],
    ['https://crates.io/crates/tokio/1.38.0', { registry: 'crates', name: 'tokio' }, '1.38.0'],
    ['https://crates.io/crates/tokio/versions', { registry: 'crates', name: 'tokio' }, null],
    ['https://hub.docker.com/_/nginx', { registry: 'docker', name: 'library/nginx' }, null],
    ['https://hub.docker.com/r/bitnami/redis/tags', { registry: 'docker', name: 'bitnami/redis' }, null],
    ['https://hub.docker.com/r/nginx', { registry: 'docker', name: 'library/nginx' }, null],
    ['https://hub.docker.com/repository/docker/acme/app/general', { registry: 'docker', name: 'acme/app' }, null],
    ['https://pkg.go.dev/github.com/gorilla/mux', { registry: 'go', name: 'github.com/gorilla/mux' }, null],
    ['https://pkg.go.dev/github.com/gorilla/mux@v1.8.1#Router', { registry: 'go', name: 'github.com/gorilla/mux' }, 'v1.8.1'],
    ['https://pkg.go.dev/github.com/jackc/pgx/v5/pgxpool', { registry: 'go', name: 'github.com/jackc/pgx/v5' }, null],
    ['https://pkg.go.dev/golang.org/x/net@v0.25.0/html', { registry: 'go', name: 'golang.org/x/net' }, 'v0.25.0'],
    ['https://pkg.go.dev/gopkg.in/yaml.v3', { registry: 'go', name: 'gopkg.in/yaml.v3' }, null],
    ['https://pkg.go.dev/k8s.io/client-go?tab=versions', { registry: 'go', name: 'k8s.io/client-go' }, null],
    ['https://rubygems.org/gems/rails', { registry: 'rubygems', name: 'rails' }, null],
    ['https://rubygems.org/gems/rails/versions/7.1.3', { registry: 'rubygems', name: 'rails' }, '7.1.3'],
    ['https://www.nuget.org/packages/Newtonsoft.Json', { registry: 'nuget', name: 'Newtonsoft.Json' }, null],
    ['https://nuget.org/packages/Newtonsoft.Json/13.0.3', { registry: 'nuget', name: 'Newtonsoft.Json' }, '13.0.3'],
    ['https://packagist.org/packages/laravel/framework', { registry: 'packagist', name: 'laravel/framework' }, null],
    ['https://pub.dev/packages/http', { registry: 'pub', name: 'http' }, null],
    ['https://pub.dev/packages/http/versions/1.2.1', { registry: 'pub', name: 'http' }, '1.2.1'],
    ['https://hex.pm/packages/phoenix', { registry: 'hex', name: 'phoenix' }, null],
    ['https://hex.pm/packages/phoenix/1.7.14', { registry: 'hex', name: 'phoenix' }, '1.7.14'],
    ['https://hex.pm/packages/phoenix/versions', { registry: 'hex', name: 'phoenix' }, null],
    ['https://hex.pm/packages/acme/foo', { registry: 'hex', name: 'acme/foo' }, null],
    ['https://cran.r-project.org/package=rJava', { registry: 'cran', name: 'rJava' }, null],
    ['https://CRAN.R-project.org/package=ggplot2', { registry: 'cran', name: 'ggplot2' }, null],
    ['https://cran.r-project.org/web/packages/caret/index.html', { registry: 'cran', name: 'caret' }, null],
    ['https://cloud.r-project.org/web/packages/caret/', { registry: 'cran', name: 'caret' }, null],
    ['https://anaconda.org/conda-forge/numpy', { registry: 'conda', name: 'numpy' }, null],
    ['https://anaconda.org/anaconda/absl-py/files', { registry: 'conda', name: 'absl-py' }, null],
    ['https://cocoapods.org/pods/AFNetworking', { registry: 'cocoapods', name: 'AFNetworking' }, null],
    ['https://central.sonatype.com/artifact/org.slf4j/slf4j-api', { registry: 'maven', name: 'org.slf4j:slf4j-api' }, null],
    ['https://central.sonatype.com/artifact/org.slf4j/slf4j-api/2.0.13', { registry: 'maven', name: 'org.slf4j:slf4j-api' }, '2.0.13'],
    ['https://mvnrepository.com/artifact/com.google.guava/guava/33.2.0-jre', { registry: 'maven', name: 'com.google.guava:guava' }, '33.2.0-jre'],
    ['https://search.maven.org/artifact/junit/junit/4.13.2/jar', { registry: 'maven', name: 'junit:junit' }, '4.13.2'],
  ])('reads %s as %j, version %j', (input, target, version) => {
    const parsed = parseRegistryUrl(input);
    expect(targetOf(parsed)).toEqual(target);
    expect(parsed.ok && parsed.version).toBe(version);
  });

  it.each([
    ['', 'invalid', /address is empty/],
    ['ftp://github.com/a/b', 'invalid', /only http and https addresses are read, not ftp:/],
    ['javascript:alert(1)', 'invalid', /not javascript:/],
    ['file:///etc/passwd', 'invalid', /not file:/],
    ['git+ssh://git@github.com/a/b.git', 'invalid', /not git\+ssh:/],
    ['https://user:secret@github.com/a/b', 'invalid', /must not carry a user name or password/],
    ['https://token@github.com/a/b', 'invalid', /must not carry a user name or password/],
    ['https://', 'invalid', /is not a web address/],
    ['https://github.com:8443/a/b', 'unsupported', /github\.com:8443 is not the site of a catalogue registry/],
    ['https://example.com/a/b', 'unsupported', /example\.com is not the site/],
    ['https://openrouter.ai', 'unsupported', /openrouter\.ai/],
    ['https://gist.github.com/a/b', 'unsupported', /gist\.github\.com/],
    ['https://github.com/ollama', 'invalid', /names no entity; the catalogue reads github\.com\/\{owner\}\/\{repo\}/],
    ['https://github.com/settings/profile', 'invalid', /names no entity/],
    ['https://github.com/orgs/acme/repositories', 'invalid', /names no entity/],
    ['https://github.com/a/..%2F..', 'invalid', /name .* must not start or end with "\/"/],
    ['https://www.npmjs.com/search?q=sharp', 'invalid', /npmjs\.com\/package\/\{name\}/],
    ['https://www.npmjs.com/package/@types', 'invalid', /names no entity/],
    ['https://huggingface.co/spaces/acme/demo', 'invalid', /huggingface\.co\/\{owner\}\/\{model\}/],
    ['https://huggingface.co/', 'invalid', /names no entity/],
    ['https://pkg.go.dev/net/http', 'invalid', /a module path starts with a host/],
    ['https://hub.docker.com/search?q=redis', 'invalid', /hub\.docker\.com\/r\//],
    ['https://pypi.org/search/?q=x', 'invalid', /pypi\.org\/project\/\{name\}/],
    ['https://packagist.org/packages/laravel', 'invalid', /packagist\.org\/packages\/\{name\}\/\{name\}/],
    ['https://cran.r-project.org/package=', 'invalid', /names no entity/],
    ['https://github.com/a/b%zz', 'invalid', /path .* badly percent-encoded/],
    ['https://github.com/a/b%E2%80%8B', 'invalid', /must not contain invisible or control characters \(U\+200B\)/],
    [`https://github.com/a/${'b'.repeat(LIMITS.nameChars)}`, 'invalid', /catalogue names have at most 200/],
    [`https://github.com/a/b?${'q'.repeat(MAX_REF_CHARS)}`, 'invalid', new RegExp(`at most ${MAX_REF_CHARS} are read`)],
  ])('refuses %j as %s', (input, problem, reason) => {
    const parsed = parseRegistryUrl(input);
    expectWellFormed(parsed);
    expect(parsed).toMatchObject({ ok: false, problem });
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });
});

describe('parseEntityRef', () => {
  it('reads package URLs and addresses, and leaves names and prefixes to the name search', () => {
    expect(targetOf(parseEntityRef('pkg:npm/sharp'))).toEqual(npm('sharp'));
    expect(targetOf(parseEntityRef(' https://github.com/haotian-liu/LLaVA '))).toEqual({ registry: 'github', name: 'haotian-liu/LLaVA' });
    expect(targetOf(parseEntityRef('www.npmjs.com/package/sharp'))).toEqual(npm('sharp'));
    expect(targetOf(parseEntityRef('pkg:deb/debian/curl'))).toBe('unsupported');
    expect(targetOf(parseEntityRef('https://example.com/x'))).toBe('unsupported');
    for (const query of ['', 'sharp', 'npm/sharp', 'github/haotian-liu/', '@types/node', 'OpenRouter', 'ChuckNorris (L1B3RT4S Prompt Enhancer)', 'github.com/gorilla', 'example.com/x', 'ftp://github.com/a/b', 'pkg-config']) {
      expect(parseEntityRef(query), query).toBeNull();
    }
  });
});

describe('REGISTRY_REFS', () => {
  it('has one row per catalogue registry, each purl type once', () => {
    expect(REGISTRY_REFS.map((row) => row.registry).sort()).toEqual([...REGISTRIES].sort());
    const types = REGISTRY_REFS.flatMap((row) => (row.purlType === null ? [] : [row.purlType]));
    expect(new Set(types).size).toBe(types.length);
    expect(Object.isFrozen(REGISTRY_REFS) && REGISTRY_REFS.every((row) => Object.isFrozen(row) && Object.isFrozen(row.urlForms))).toBe(true);
  });

  it('reads every purl type and every address form it lists', () => {
    const fill: Record<string, string> = { group: 'org.acme', module: 'github.com/acme/tool' };
    for (const row of REGISTRY_REFS) {
      if (row.purlType !== null) {
        const namespace = { npm: '', maven: 'org.acme/', golang: 'github.com/acme/', github: 'acme/', composer: 'acme/' }[row.purlType] ?? '';
        expect(targetOf(parsePackageUrl(`pkg:${row.purlType}/${namespace}tool@1.0`)), row.purlType).toMatchObject({ registry: row.registry });
      }
      for (const form of row.urlForms) {
        const url = `https://${form.replace(/\{(\w+)\}/g, (_, part: string) => fill[part] ?? part)}`;
        expect(targetOf(parseRegistryUrl(url)), url).toMatchObject({ registry: row.registry });
      }
    }
  });

  it('is the table docs/registries.md shows', () => {
    const doc = readFileSync(new URL('../../docs/registries.md', import.meta.url), 'utf8');
    for (const row of REGISTRY_REFS) {
      const line = doc.split('\n').find((l) => l.startsWith(`| \`${row.registry}\` |`));
      expect(line, row.registry).toBeDefined();
      expect(line).toContain(row.purlType === null ? '—' : `\`pkg:${row.purlType}/`);
      for (const form of row.urlForms) expect(line).toContain(form);
    }
  });
});

// ---- Round trips ------------------------------------------------------------------------------

describe('round trips', () => {
  const options = { seed: 11, asOf: new Date('2026-11-01T00:00:00Z') };
  const records = Array.from({ length: 5_000 }, (_, i) => syntheticRecord(i, options));

  it('every catalogue-shaped target comes back from its purl and from its address', () => {
    const unreachable = new Set<string>();
    for (const record of records) {
      const target = { registry: record.registry, name: record.name };
      const purl = purlOf(target, '1.0.0');
      if (purl !== null) {
        const parsed = parsePackageUrl(purl);
        expect(targetOf(parsed), purl).toEqual(target);
        expect(parsed.ok && parsed.version).toBe('1.0.0');
      }
      const url = urlOf(target);
      if (url !== null) expect(targetOf(parseRegistryUrl(url)), url).toEqual(target);
      if (purl === null && url === null) unreachable.add(record.registry);
    }
    // Only the registries without purl type or address, and maven and packagist names without their group or vendor.
    expect([...unreachable].sort()).toEqual(['maven', 'packagist', 'pulsemcp', 'web']);
  });

  it('the sample catalogue\'s source URLs on registry sites name the entity they belong to', () => {
    const lines = readFileSync(new URL('../../data/sample.ndjson', import.meta.url), 'utf8').split('\n').filter((l) => l !== '');
    const records = lines.map((l) => JSON.parse(l) as { registry: string; name: string; source_url: string | null });
    const own = records.filter((r) => r.source_url !== null && (r.registry === 'github' || r.registry === 'huggingface'));
    expect(own.length).toBeGreaterThan(10);
    for (const r of own) expect(targetOf(parseRegistryUrl(r.source_url!)), r.source_url!).toEqual({ registry: r.registry, name: r.name });
  });

  const segment = (alphabet: fc.Arbitrary<string>) =>
    fc.string({ unit: alphabet, minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s !== '.' && s !== '..');
  /** Anything a name segment may hold, "/" aside: purls encode it. */
  const anyChar = fc.oneof(fc.constantFrom('a', 'Z', '0', '.', '-', '_', '~', '@', '%', '#', '?', '&', '=', ':', '+', ' ', 'é', '日', '😀'), fc.constantFrom('x', 'y'));
  const nameShapes = {
    npm: fc.oneof(segment(anyChar).filter((s) => !s.startsWith('@')), fc.tuple(segment(anyChar), segment(anyChar)).map(([s, n]) => `@${s}/${n}`)),
    github: fc.tuple(segment(anyChar), segment(anyChar)).map(([o, r]) => `${o}/${r}`),
    maven: fc.tuple(segment(anyChar).filter((s) => !s.includes(':')), segment(anyChar)).map(([g, a]) => `${g}:${a}`),
    go: fc.tuple(segment(anyChar), fc.array(segment(anyChar), { minLength: 1, maxLength: 3 })).map(([host, rest]) => [`${host}.dev`, ...rest].join('/')),
    docker: fc.tuple(segment(anyChar).filter((s) => !s.includes('.')), segment(anyChar)).map(([n, i]) => `${n}/${i}`),
    huggingface: fc.oneof(segment(anyChar), fc.tuple(segment(anyChar), segment(anyChar)).map(([o, m]) => `${o}/${m}`)),
    packagist: fc.tuple(segment(anyChar), segment(anyChar)).map(([v, n]) => `${v}/${n}`),
    hex: fc.oneof(segment(anyChar), fc.tuple(segment(anyChar), segment(anyChar)).map(([o, n]) => `${o}/${n}`)),
  } as Record<string, fc.Arbitrary<string>>;
  const anyTarget = fc.constantFrom(...PURL_TYPE_OF.keys()).chain((registry) => (nameShapes[registry] ?? segment(anyChar)).map((name) => ({ registry, name })));

  it('any name a purl can carry comes back, with its version, whatever qualifiers and subpath follow', () => {
    const qualifiers = fc.array(fc.tuple(fc.constantFrom('arch', 'repository_url', 'vcs_url', 'type'), segment(anyChar)), { maxLength: 3 });
    fc.assert(
      fc.property(anyTarget, fc.option(segment(anyChar), { nil: null }), qualifiers, fc.array(segment(anyChar), { maxLength: 3 }), (target, version, pairs, subpath) => {
        const unique = [...new Map(pairs).entries()];
        const query = unique.length === 0 ? '' : `?${unique.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
        const fragment = subpath.length === 0 ? '' : `#${subpath.map(encodeURIComponent).join('/')}`;
        const purl = `${purlOf(target, version)}${query}${fragment}`;
        const parsed = parsePackageUrl(purl);
        expect(targetOf(parsed)).toEqual(target);
        expect(parsed.ok && parsed.version).toBe(version);
        // The canonical form reads back as the same entity (folded: it may lowercase, as github's does).
        const again = parsed.ok ? parsePackageUrl(parsed.purl) : parsed;
        if (again.ok && target.registry !== 'pypi' && target.registry !== 'pub') expect(foldName(again.target.name)).toBe(foldName(target.name));
      }),
      fuzzOptions(2_000),
    );
  });

  it('any registry-shaped name comes back from its address', () => {
    // Owners start with "q": no site keeps a page of its own (github.com/settings, huggingface.co/models) under that letter.
    const plain = fc.stringMatching(/^q[A-Za-z0-9._-]{0,15}$/).filter((s) => !/\.git$/i.test(s) && !/[.]$/.test(s));
    const shaped = fc.constantFrom(...PURL_TYPE_OF.keys()).chain((registry) => {
      const two = fc.tuple(plain, plain).map(([a, b]) => `${a}/${b}`);
      const name = { npm: fc.oneof(plain, two.map((n) => `@${n}`)), github: two, huggingface: two, docker: two, packagist: two, go: two.map((n) => `github.com/${n}`), maven: fc.tuple(plain, plain).map(([g, a]) => `${g}:${a}`) }[registry] ?? plain;
      return name.map((n) => ({ registry, name: n }));
    });
    fc.assert(
      fc.property(shaped, (target) => {
        expect(targetOf(parseRegistryUrl(urlOf(target)!))).toEqual(target);
      }),
      fuzzOptions(2_000),
    );
  });

  it('never throws, and answers only well-formed results, on arbitrary text', () => {
    const prefixes = fc.constantFrom('', 'pkg:', 'pkg:npm/', 'pkg:maven/', 'https://', 'https://github.com/', 'github.com/', 'https://pkg.go.dev/', 'https://hub.docker.com/r/', 'http://huggingface.co/');
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.tuple(prefixes, fc.string({ unit: 'grapheme-ascii' })).map(([p, s]) => p + s));
    fc.assert(
      fc.property(text, (input) => {
        for (const parsed of [parseEntityRef(input), parsePackageUrl(input), parseRegistryUrl(input)]) expectWellFormed(parsed);
      }),
      fuzzOptions(3_000),
    );
  });
});

describe('pypiSpellings', () => {
  it('gives every other spelling PyPI reads as the same name, and none for a name without `-` or with too many', () => {
    fc.assert(fc.property(fc.array(fc.stringMatching(/^[a-z0-9]{1,4}$/), { minLength: 1, maxLength: 5 }), (parts) => {
      const name = parts.join('-');
      const spellings = pypiSpellings(name);
      const separators = parts.length - 1;
      expect(spellings).toHaveLength(separators === 0 || separators > 4 ? 0 : 3 ** separators - 1);
      expect(new Set(spellings).size).toBe(spellings.length);
      for (const spelling of spellings) {
        expect(spelling).not.toBe(name);
        expect(spelling.replace(/[-_.]+/g, '-')).toBe(name);
      }
    }));
    expect(pypiSpellings('typing-extensions')).toEqual(['typing_extensions', 'typing.extensions']);
  });
});
