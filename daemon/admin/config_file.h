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

/* Runs the file's commands; a missing file is an empty configuration. 0, or -1 with
 * "FILE:LINE: reason" in err (the commands before that line have been applied). */
int config_load(const char *path, struct strbuf *err);
/* Where config_save writes; NULL: nowhere (the configuration lives in memory only). */
void config_set_file(const char *path);
/* Writes the configuration if it changed since the last write; 0, or -1 with the reason. */
int config_save(struct strbuf *err);

#endif /* SLUICED_CONFIG_FILE_H */
