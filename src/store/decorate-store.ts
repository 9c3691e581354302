// A Store that passes every call to another, but for the methods a decorator replaces (caching,
// timing). One list of pass-throughs, so a new Store method cannot go missing in a decorator.

import type { Store } from './store.js';

export function decorateStore(store: Store, overrides: Partial<Omit<Store, 'engine'>>): Store {
  return {
    engine: store.engine,
    listRegistries: () => store.listRegistries(),
    findByName: (registry, name) => store.findByName(registry, name),
    findByNames: (refs) => store.findByNames(refs),
    findByBareName: (name, limit) => store.findByBareName(name, limit),
    findAlternatives: (entity, limit) => store.findAlternatives(entity, limit),
    searchEntities: (query, limit) => store.searchEntities(query, limit),
    findByNameKeys: (query, limit) => store.findByNameKeys(query, limit),
    countEntities: () => store.countEntities(),
    writeEntities: (source, options) => store.writeEntities(source, options),
    bulk: store.bulk,
    deleteEntity: (registry, name) => store.deleteEntity(registry, name),
    getHistory: (registry, name, sinceDay) => store.getHistory(registry, name, sinceDay),
    latestCatalogueVersion: () => store.latestCatalogueVersion(),
    saveSet: (id, purls, today) => store.saveSet(id, purls, today),
    readSet: (id, today) => store.readSet(id, today),
    dropSetsBefore: (day) => store.dropSetsBefore(day),
    insertSeal: (seal) => store.insertSeal(seal),
    readSeal: (id) => store.readSeal(id),
    updateSeal: (seal) => store.updateSeal(seal),
    revokeSeal: (id, at) => store.revokeSeal(id, at),
    watchChanges: (listener) => store.watchChanges(listener),
    ping: () => store.ping(),
    close: () => store.close(),
    ...overrides,
  };
}
