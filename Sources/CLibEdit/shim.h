#ifndef MPTUTOR_CLIBEDIT_SHIM_H
#define MPTUTOR_CLIBEDIT_SHIM_H

/*
 * libedit for Swift. el_set, el_get and history are C variadic functions,
 * which Swift does not import, so each use the line editor needs is wrapped
 * here in a typed static inline function. C globals (errno, the locale's
 * codeset) are reached through functions too: Swift 6 rejects direct use of
 * mutable C globals.
 */

#include <errno.h>
#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <wchar.h>

/// The prompt callback: returns the prompt text (valid until the next call).
typedef char *(*shim_el_prompt_fn)(EditLine *);
/// A key binding's callback: returns one of the CC_* codes.
typedef unsigned char (*shim_el_key_fn)(EditLine *, int);

/* ---- el_init, el_set, el_get ------------------------------------------- */

/// el_init on the process's standard streams (stdin, stdout and stderr are
/// mutable C globals that Swift 6 does not let Swift code touch).
static inline EditLine *shim_el_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

/// EL_PROMPT_ESC: the prompt function, and the character that brackets
/// invisible runs (escape sequences) in the prompt.
static inline int shim_el_set_prompt(EditLine *el, shim_el_prompt_fn fn, char ignore) {
    return el_set(el, EL_PROMPT_ESC, fn, ignore);
}

/// EL_EDITOR: "emacs" or "vi".
static inline int shim_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

/// EL_SIGNAL: let libedit restore the terminal on signals and re-wrap on
/// SIGWINCH (it re-raises other signals with kill(0, sig)).
static inline int shim_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

/// EL_SETTY with two words, e.g. ("-d", "-isig"): edit mode without ISIG,
/// so that ^C arrives as a key.
static inline int shim_el_setty(EditLine *el, const char *mode, const char *flag) {
    return el_set(el, EL_SETTY, mode, flag, NULL);
}

/// EL_BIND: binds a key sequence ("^C", "\\e[A") to an editor function.
static inline int shim_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, NULL);
}

/// EL_ADDFN: makes a C function available as a named editor function.
static inline int shim_el_add_function(EditLine *el, const char *name, const char *help,
                                       shim_el_key_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}

/// EL_HIST with the wide history functions, to pair with el_wgets.
static inline int shim_el_set_history(EditLine *el, HistoryW *history) {
    /* libedit's own hist_fun_t is private; any function pointer type
       passes through the varargs the same way. */
    typedef int (*shim_hist_fn)(void *, HistEvent *, int, ...);
    return el_wset(el, EL_HIST, (shim_hist_fn)history_w, history);
}

/// EL_CLIENTDATA: the pointer callbacks get back with shim_el_client_data.
static inline int shim_el_set_client_data(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

/// The EL_CLIENTDATA pointer, or NULL.
static inline void *shim_el_client_data(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

/// The stream libedit writes the line to (EL_GETFP 1), or NULL.
static inline FILE *shim_el_output(EditLine *el) {
    FILE *file = NULL;
    if (el_get(el, EL_GETFP, 1, &file) != 0) return NULL;
    return file;
}

/// The terminal's width in columns as libedit knows it (EL_GETTC "co",
/// kept current on SIGWINCH), or 0.
static inline int shim_el_columns(EditLine *el) {
    int columns = 0;
    if (el_get(el, EL_GETTC, "co", &columns, NULL) != 0) return 0;
    return columns;
}

/* ---- history (wide) ----------------------------------------------------- */

/// H_SETSIZE: the most entries kept.
static inline int shim_history_set_size(HistoryW *h, int size) {
    HistEventW event;
    return history_w(h, &event, H_SETSIZE, size);
}

/// H_SETUNIQUE: whether an entry equal to the previous one is dropped.
static inline int shim_history_set_unique(HistoryW *h, int unique) {
    HistEventW event;
    return history_w(h, &event, H_SETUNIQUE, unique);
}

/// H_ENTER: adds a line as the newest entry.
static inline int shim_history_enter(HistoryW *h, const wchar_t *line) {
    HistEventW event;
    return history_w(h, &event, H_ENTER, line);
}

/// H_LOAD: reads a history file; -1 when it is missing or not a history file.
static inline int shim_history_load(HistoryW *h, const char *path) {
    HistEventW event;
    return history_w(h, &event, H_LOAD, path);
}

/// H_SAVE: writes the history file (mode 0600); -1 on failure.
static inline int shim_history_save(HistoryW *h, const char *path) {
    HistEventW event;
    return history_w(h, &event, H_SAVE, path);
}

/// H_CLEAR: forgets every entry.
static inline int shim_history_clear(HistoryW *h) {
    HistEventW event;
    return history_w(h, &event, H_CLEAR);
}

/// H_GETSIZE: the number of entries.
static inline int shim_history_count(HistoryW *h) {
    HistEventW event;
    if (history_w(h, &event, H_GETSIZE) != 0) return 0;
    return event.num;
}

/* ---- C globals ---------------------------------------------------------- */

/// The calling thread's errno.
static inline int shim_errno(void) { return errno; }

/// nl_langinfo(CODESET) of the current LC_CTYPE, e.g. "UTF-8".
static inline const char *shim_codeset(void) { return nl_langinfo(CODESET); }

#endif
