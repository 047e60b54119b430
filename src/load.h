#ifndef SD_LOAD_H
#define SD_LOAD_H
#endif
