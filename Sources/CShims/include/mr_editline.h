#ifndef MR_EDITLINE_H
#define MR_EDITLINE_H

// libedit's variadic el_set/el_get/history calls, one plain function per operation, so Swift can call them.
// No logic here.
#include <stdio.h>
#include <histedit.h>

typedef char *(*mr_el_prompt_fn)(EditLine *);
typedef unsigned char (*mr_el_command_fn)(EditLine *, int);

// el_init on the process's stdin, stdout and stderr (Swift cannot name the stdio globals safely).
EditLine *mr_el_init_stdio(const char *program);

int mr_el_set_prompt_esc(EditLine *el, mr_el_prompt_fn prompt, char marker);
int mr_el_set_editor(EditLine *el, const char *mode);
int mr_el_set_history(EditLine *el, History *list);
int mr_el_set_unbuffered(EditLine *el, int on);
int mr_el_set_signal(EditLine *el, int on);
int mr_el_set_getcfn(EditLine *el, el_rfunc_t read_character);
int mr_el_set_clientdata(EditLine *el, void *data);
void *mr_el_get_clientdata(EditLine *el);
int mr_el_addfn(EditLine *el, const char *name, const char *help, mr_el_command_fn command);
int mr_el_bind(EditLine *el, const char *keys, const char *command);
int mr_el_refresh(EditLine *el);
int mr_el_get_columns(EditLine *el, int *columns);

int mr_history_set_size(History *list, int size);
int mr_history_set_unique(History *list, int unique);
int mr_history_enter(History *list, const char *line);
int mr_history_size(History *list);
int mr_history_load(History *list, const char *path);
int mr_history_save_fp(History *list, FILE *file);

// The columns a character takes on the terminal, by the current locale; -1 for a control character.
int mr_wcwidth(wchar_t character);

#endif
