// QR posters: per unit in the caller's scope, its counters with their poster, and "print all" (A5, one per page).
import { catalog, me } from './nav.js';
import { t } from './i18n.js';
import { el, subtree, unitTree } from './format.js';

const scope = me.role === 'admin' ? null : subtree(catalog.units, me.unitId);
const sections = unitTree(catalog.units).filter(({ unit }) => (!scope || scope.has(unit.id)) && catalog.counters.some(c => c.unitId === unit.id))
  .map(({ unit }) => {
    const counters = catalog.counters.filter(c => c.unitId === unit.id);
    const heading = `posters-${unit.id}`;
    return el('section', { class: 'panel', 'aria-labelledby': heading, 'data-unit': unit.id },
      el('h2', { id: heading, text: unit.name }),
      el('p', {}, el('a', { href: `/admin/posters/print/${encodeURIComponent(unit.id)}`, target: '_blank', class: 'print-all',
        text: t('posters.printAll', { n: counters.length }) })),
      el('ul', {}, counters.map(c => el('li', {}, el('a', { href: `/counters/${encodeURIComponent(c.id)}/poster`, target: '_blank', text: c.name })))));
  });
document.getElementById('units').replaceChildren(...sections);
