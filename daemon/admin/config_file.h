/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration file: read at start as a RouterOS script, and rewritten from the live
 * configuration (export's form, sensitive values included, mode 0600) after every request
 * that changed it: written to a new FILE.sluice-new.XXXXXX, fsync'd, renamed over FILE, directory
 * fsync'd. A crash at any point leaves either the old file or the new one, never a mix.
 */
#ifndef SLUICED_CONFIG_FILE_H
#define SLUICED_CONFIG_FILE_H

#include "strbuf.h"

#include <stdbool.h>

/* Runs the file's commands as one script; a missing file is an empty configuration. 0, or
 * -1 with "FILE:LINE: reason" in err (and the configuration as it was before). */
int config_load(const char *path, struct strbuf *err);
/*
 * Scripts (the configuration file, /import through pppctl): an item may name one defined
 * further down, so references are checked at the end, and a script is all or nothing.
 * config_script_end() checks the references; if one is missing, or `failed` says a line
 * failed, the configuration goes back to what it was at config_script_begin() and it
 * returns -1 (the reason added to err). No saving in between: the file never holds half
 * a script.
 */
void config_script_begin(void);
bool config_in_script(void);
int config_script_end(bool failed, struct strbuf *err);
/* Where config_save writes; NULL: nowhere (the configuration lives in memory only). */
void config_set_file(const char *path);
/* Writes the configuration if it changed since the last write; 0, or -1 with the reason. */
int config_save(struct strbuf *err);

#endif /* SLUICED_CONFIG_FILE_H */
