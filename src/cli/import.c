/* Placeholder until the importer lands: refuses clearly. */
#include "cli/import.h"
#include <stdio.h>
int cli_import(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "import: not built yet\n"); return 2; }
int cli_export(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "export: not built yet\n"); return 2; }
