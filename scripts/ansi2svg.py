#!/usr/bin/env python3
"""Turns terminal screens captured with `tmux capture-pane -e -p` into one SVG: each screen
drawn cell by cell with the colours and attributes the terminal showed (xterm's 256-colour
palette). Usage: ansi2svg.py OUT.svg --light|--dark SCREEN.ansi [SCREEN.ansi …]"""
import html, re, sys

def palette():
    base = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
    levels = [0, 95, 135, 175, 215, 255]
    cube = [(levels[i // 36], levels[(i // 6) % 6], levels[i % 6]) for i in range(216)]
    grey = [(8 + 10 * i,) * 3 for i in range(24)]
    return ['#%02x%02x%02x' % c for c in base + cube + grey]

PAL = palette()
CELL_W, CELL_H = 8.4, 17

def parse(text, width):
    """Rows of (char, fg, bg, bold, dim, underline, reverse)."""
    rows = []
    state = dict(fg=None, bg=None, bold=False, dim=False, ul=False, rev=False)
    for line in text.split('\n'):
        row = []
        i = 0
        while i < len(line):
            m = re.match(r'\x1b\[([0-9;]*)m', line[i:])
            if m:
                codes = [int(c) if c else 0 for c in m.group(1).split(';')] if m.group(1) else [0]
                j = 0
                while j < len(codes):
                    c = codes[j]
                    if c == 0: state = dict(fg=None, bg=None, bold=False, dim=False, ul=False, rev=False)
                    elif c == 1: state['bold'] = True
                    elif c == 2: state['dim'] = True
                    elif c == 4: state['ul'] = True
                    elif c == 7: state['rev'] = True
                    elif c == 22: state['bold'] = state['dim'] = False
                    elif c == 24: state['ul'] = False
                    elif c == 27: state['rev'] = False
                    elif 30 <= c <= 37: state['fg'] = c - 30
                    elif c == 39: state['fg'] = None
                    elif 40 <= c <= 47: state['bg'] = c - 40
                    elif c == 49: state['bg'] = None
                    elif 90 <= c <= 97: state['fg'] = c - 82
                    elif 100 <= c <= 107: state['bg'] = c - 92
                    elif c in (38, 48) and j + 2 < len(codes) and codes[j + 1] == 5:
                        state['fg' if c == 38 else 'bg'] = codes[j + 2]; j += 2
                    j += 1
                i += len(m.group(0))
                continue
            if line[i] == '\x1b':
                m = re.match(r'\x1b\[[0-9;?]*[A-Za-z]', line[i:])
                i += len(m.group(0)) if m else 1
                continue
            row.append((line[i], dict(state)))
            i += 1
        rows.append(row)
    return rows

def svg(screens, light):
    default_fg, default_bg = ('#1c1c1c', '#fafafa') if light else ('#d0d0d0', '#1c1c1c')
    width = max(max((len(r) for r in rows), default=0) for rows in screens)
    height = sum(len(rows) for rows in screens) + 2 * (len(screens) - 1)
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14">'
           % (width * CELL_W, height * CELL_H), '<rect width="100%%" height="100%%" fill="%s"/>' % default_bg]
    y0 = 0
    for rows in screens:
        for r, row in enumerate(rows):
            y = (y0 + r) * CELL_H
            for c, (ch, st) in enumerate(row):
                fg = PAL[st['fg']] if st['fg'] is not None else default_fg
                bg = PAL[st['bg']] if st['bg'] is not None else None
                if st['bold'] and st['fg'] is not None and st['fg'] < 8: fg = PAL[st['fg'] + 8]
                if st['rev']: fg, bg = (bg or default_bg), fg
                if bg: out.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>' % (c * CELL_W, y, CELL_W + 0.3, CELL_H, bg))
                if ch.strip():
                    attrs = ' font-weight="bold"' if st['bold'] else ''
                    attrs += ' opacity="0.6"' if st['dim'] else ''
                    attrs += ' text-decoration="underline"' if st['ul'] else ''
                    out.append('<text x="%.1f" y="%d" fill="%s"%s>%s</text>' % (c * CELL_W, y + CELL_H - 4, fg, attrs, html.escape(ch)))
        y0 += len(rows) + 2
    out.append('</svg>')
    return '\n'.join(out)

if __name__ == '__main__':
    out, mode, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    screens = [parse(open(f, encoding='utf-8').read().rstrip('\n'), 0) for f in files]
    open(out, 'w', encoding='utf-8').write(svg(screens, mode == '--light'))
