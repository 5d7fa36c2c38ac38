#ifndef SKIFF_CLIBYAML_SHIM_H
#define SKIFF_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
