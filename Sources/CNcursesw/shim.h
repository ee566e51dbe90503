#ifndef TRACEDESK_NCURSES_SHIM_H
#define TRACEDESK_NCURSES_SHIM_H

/* SwiftPM drops pkg-config's -D_XOPEN_SOURCE flags, so ask for the wide API here. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <signal.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Globals and macros Swift cannot import (or rejects as shared mutable state in Swift 6). */
static inline WINDOW *td_stdscr(void) { return stdscr; }
static inline int td_colors(void) { return COLORS; }
static inline int td_color_pairs(void) { return COLOR_PAIRS; }
static inline void td_set_escdelay(int ms) { set_escdelay(ms); }
static inline attr_t td_a_normal(void) { return A_NORMAL; }
static inline attr_t td_a_bold(void) { return A_BOLD; }
static inline attr_t td_a_reverse(void) { return A_REVERSE; }
static inline attr_t td_a_underline(void) { return A_UNDERLINE; }
static inline attr_t td_a_dim(void) { return A_DIM; }
static inline int td_key_f(int n) { return KEY_F(n); }
/* True when the terminal can draw lines: it has an acsc capability (vt100 and later do). */
static inline int td_has_line_drawing(void) {
    char *acsc = tigetstr("acsc");
    return acsc != 0 && acsc != (char *)-1 && acsc[0] != 0;
}
/* newterm() rather than initscr(): it returns NULL for an unknown TERM instead of exiting. */
static inline SCREEN *td_newterm(void) { return newterm(NULL, stdout, stdin); }

/* Signals only set a flag; the desk's loop sees it (get_wch returns on EINTR),
   restores the terminal and exits. endwin() is not async-signal-safe. */
static volatile sig_atomic_t td_pending_signal = 0;
static inline void td_on_signal(int sig) { td_pending_signal = sig; }
static inline void td_install_signal_handlers(void) {
    struct sigaction sa;
    sa.sa_handler = td_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns at once */
    sigaction(SIGINT, &sa, 0);
    sigaction(SIGTERM, &sa, 0);
    sigaction(SIGHUP, &sa, 0);
    sigaction(SIGQUIT, &sa, 0); /* ^\ too: the terminal is restored, no core is dumped */
}
static inline int td_take_pending_signal(void) {
    int s = td_pending_signal;
    td_pending_signal = 0;
    return s;
}

/* Bracketed paste (xterm's mode 2004): the terminal wraps pasted text in ESC[200~ ... ESC[201~,
   so a paste can be told from typing. The markers become key codes of their own. */
static inline int td_key_paste_start(void) { return KEY_MAX + 1; }
static inline int td_key_paste_end(void) { return KEY_MAX + 2; }
static inline void td_bracketed_paste(int on) {
    fputs(on ? "\033[?2004h" : "\033[?2004l", stdout);
    fflush(stdout);
}
/* Sequences terminfo may not name for this TERM but terminals send anyway: the paste markers,
   and Home/End as ESC[1~ / ESC[4~ (screen, tmux) or ESC[7~ / ESC[8~ (rxvt). Without them
   ncurses hands over ESC, then '[', '1', '~' as separate keys. */
static inline void td_define_extra_keys(void) {
    define_key("\033[200~", td_key_paste_start());
    define_key("\033[201~", td_key_paste_end());
    if (key_defined("\033[1~") <= 0) define_key("\033[1~", KEY_HOME);
    if (key_defined("\033[4~") <= 0) define_key("\033[4~", KEY_END);
    if (key_defined("\033[7~") <= 0) define_key("\033[7~", KEY_HOME);
    if (key_defined("\033[8~") <= 0) define_key("\033[8~", KEY_END);
    if (key_defined("\033[H") <= 0) define_key("\033[H", KEY_HOME);
    if (key_defined("\033[F") <= 0) define_key("\033[F", KEY_END);
    if (key_defined("\033OH") <= 0) define_key("\033OH", KEY_HOME);
    if (key_defined("\033OF") <= 0) define_key("\033OF", KEY_END);
}

#endif
