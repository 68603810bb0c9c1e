// Kaifang's page script. It is injected by the app as a WebKit user script: the page itself
// can run no script at all (JavaScript markup is off and the Content-Security-Policy allows none).
'use strict';

(() => {
  const main = document.getElementById('content');
  const handler = window.webkit && window.webkit.messageHandlers && window.webkit.messageHandlers.kaifang;
  const post = (message) => { if (handler) handler.postMessage(JSON.stringify(message)); };
  const ACCENT = /^#[0-9a-fA-F]{6}$/;
  let citation = '';

  function applyAccents(root) {
    for (const el of root.querySelectorAll('[data-accent]')) {
      const colour = el.getAttribute('data-accent');
      if (ACCENT.test(colour))
        el.style.setProperty('--accent', colour);
    }
  }

  function clearHighlights() {
    for (const mark of main.querySelectorAll('mark.kf-highlight')) {
      const parent = mark.parentNode;
      parent.replaceChild(document.createTextNode(mark.textContent), mark);
      parent.normalize();
    }
  }

  // Wraps every case-insensitive occurrence of `needle` in <mark class="kf-highlight">.
  function highlight(needle) {
    clearHighlights();
    if (!needle)
      return 0;
    const lower = needle.toLocaleLowerCase();
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    const hits = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue.toLocaleLowerCase();
      for (let i = text.indexOf(lower); i >= 0; i = text.indexOf(lower, i + lower.length))
        hits.push([node, i]);
    }
    for (let k = hits.length - 1; k >= 0; k--) {
      const [node, i] = hits[k];
      const match = node.splitText(i);
      match.splitText(needle.length);
      const mark = document.createElement('mark');
      mark.className = 'kf-highlight';
      match.parentNode.replaceChild(mark, match);
      mark.appendChild(match);
    }
    const first = main.querySelector('mark.kf-highlight');
    if (first)
      first.scrollIntoView({ block: 'center' });
    return hits.length;
  }

  window.kaifang = {
    // page: { html, lang, dir, title, node, anchor, scroll }
    show(page) {
      const root = document.documentElement;
      root.lang = page.lang || 'en';
      root.dir = page.dir || 'ltr';
      root.classList.toggle('bilingual', !!page.bilingual);
      document.title = page.title || '';
      card.hidden = true;
      main.innerHTML = page.html;
      main.dataset.node = page.node || '';
      applyAccents(main);
      const target = page.anchor ? document.getElementById(page.anchor) : null;
      if (target) {
        target.scrollIntoView({ block: 'start' });
        target.classList.add('kf-target');
      } else {
        window.scrollTo(0, page.scroll || 0);
      }
      post({ type: 'scroll', y: window.scrollY });
      return main.dataset.node;
    },
    setStyle(style) {
      const root = document.documentElement;
      root.classList.toggle('dark', !!style.dark);
      root.classList.toggle('sepia', !!style.sepia);
      root.classList.toggle('high-contrast', !!style.highContrast);
      if (style.fontScale)
        root.style.setProperty('--font-scale', String(style.fontScale));
      if (style.lineWidth)
        root.style.setProperty('--line-width', style.lineWidth + 'ch');
      if (style.fontFamily)
        root.dataset.font = style.fontFamily;
      citation = style.citation || '';
      return true;
    },
    highlight,
    scrollPosition() {
      return window.scrollY;
    },
  };

  // Internal links (#id) are answered by the app, which selects the node in the outline.
  // External links are left to the app's navigation policy, which opens them in the browser.
  document.addEventListener('click', (event) => {
    const link = event.target.closest ? event.target.closest('a[href]') : null;
    if (!link)
      return;
    const href = link.getAttribute('href');
    if (href.startsWith('#')) {
      event.preventDefault();
      post({ type: 'link', target: href.slice(1) });
    }
  }, true);

  // The scroll position, so that the app can bring each node back where the reader left it.
  let scrollTimer = 0;
  window.addEventListener('scroll', () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => post({ type: 'scroll', y: window.scrollY }), 100);
  }, { passive: true });

  // Copy with citation: the copied text is followed by where it comes from.
  document.addEventListener('copy', (event) => {
    const text = String(window.getSelection() || '');
    if (!citation || !text || !event.clipboardData)
      return;
    event.clipboardData.setData('text/plain', text + '\n\n' + citation);
    event.preventDefault();
  });

  // Glossary cards: hovering or focusing a term link shows its expansion and definition.
  const card = document.createElement('div');
  card.id = 'kf-term-card';
  card.className = 'kf-term-card';
  card.setAttribute('role', 'tooltip');
  card.hidden = true;
  document.body.appendChild(card);

  function showCard(link) {
    card.textContent = '';
    const term = document.createElement('strong');
    term.textContent = link.dataset.term || '';
    card.appendChild(term);
    if (link.dataset.expansion) {
      const expansion = document.createElement('span');
      expansion.className = 'kf-term-card-expansion';
      expansion.textContent = link.dataset.expansion;
      card.appendChild(expansion);
    }
    const definition = document.createElement('p');
    definition.textContent = link.dataset.definition || '';
    card.appendChild(definition);
    card.hidden = false;
    link.setAttribute('aria-describedby', card.id);
    const box = link.getBoundingClientRect();
    const width = Math.min(360, document.documentElement.clientWidth - 16);
    card.style.width = width + 'px';
    let left = box.left + window.scrollX;
    left = Math.max(8, Math.min(left, document.documentElement.clientWidth - width - 8));
    card.style.left = left + 'px';
    card.style.top = (box.bottom + window.scrollY + 6) + 'px';
  }

  function hideCard(link) {
    card.hidden = true;
    if (link)
      link.removeAttribute('aria-describedby');
  }

  const termLink = (target) => target.closest ? target.closest('a[data-definition]') : null;
  document.addEventListener('mouseover', (event) => { const l = termLink(event.target); if (l) showCard(l); });
  document.addEventListener('mouseout', (event) => { const l = termLink(event.target); if (l) hideCard(l); });
  document.addEventListener('focusin', (event) => { const l = termLink(event.target); if (l) showCard(l); });
  document.addEventListener('focusout', (event) => { const l = termLink(event.target); if (l) hideCard(l); });
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape') hideCard(null); });

  post({ type: 'ready' });
})();
