// wcwidth is an X/Open function: glibc declares it only when asked to.
#define _XOPEN_SOURCE 700
#include <wchar.h>
#include "mr_editline.h"

EditLine *mr_el_init_stdio(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

int mr_el_set_prompt_esc(EditLine *el, mr_el_prompt_fn prompt, char marker) {
    return el_set(el, EL_PROMPT_ESC, prompt, marker);
}

int mr_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

int mr_el_set_history(EditLine *el, History *list) {
    return el_set(el, EL_HIST, history, list);
}

int mr_el_set_unbuffered(EditLine *el, int on) {
    return el_set(el, EL_UNBUFFERED, on);
}

int mr_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

int mr_el_set_getcfn(EditLine *el, el_rfunc_t read_character) {
    return el_set(el, EL_GETCFN, read_character);
}

int mr_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

void *mr_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

int mr_el_addfn(EditLine *el, const char *name, const char *help, mr_el_command_fn command) {
    return el_set(el, EL_ADDFN, name, help, command);
}

int mr_el_bind(EditLine *el, const char *keys, const char *command) {
    return el_set(el, EL_BIND, keys, command, (const char *)NULL);
}

int mr_el_refresh(EditLine *el) {
    return el_set(el, EL_REFRESH);
}

int mr_el_get_columns(EditLine *el, int *columns) {
    return el_get(el, EL_GETTC, "co", columns, (void *)NULL);
}

int mr_history_set_size(History *list, int size) {
    HistEvent event;
    return history(list, &event, H_SETSIZE, size);
}

int mr_history_set_unique(History *list, int unique) {
    HistEvent event;
    return history(list, &event, H_SETUNIQUE, unique);
}

int mr_history_enter(History *list, const char *line) {
    HistEvent event;
    return history(list, &event, H_ENTER, line);
}

int mr_history_size(History *list) {
    HistEvent event;
    if (history(list, &event, H_GETSIZE) != 0) {
        return -1;
    }
    return event.num;
}

int mr_history_load(History *list, const char *path) {
    HistEvent event;
    return history(list, &event, H_LOAD, path);
}

int mr_history_save_fp(History *list, FILE *file) {
    HistEvent event;
    return history(list, &event, H_SAVE_FP, file);
}

int mr_wcwidth(wchar_t character) {
    return wcwidth(character);
}
