/* The version of clausecheck, in one place: --version, the JSON and SARIF reports, pkg-config. */
#ifndef CK_VERSION_H
#define CK_VERSION_H

#define CK_VERSION "0.1.0"

#endif
