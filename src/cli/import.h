/* `canbo import` and `canbo export` (owned by the io/ work). */
#ifndef CANBO_CLI_IMPORT_H
#define CANBO_CLI_IMPORT_H
int cli_import(int argc, char **argv);
int cli_export(int argc, char **argv);
#endif
