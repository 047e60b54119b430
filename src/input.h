#ifndef SD_INPUT_H
#define SD_INPUT_H
#endif
