#ifndef SD_JSONW_H
#define SD_JSONW_H
#endif
