#ifndef SD_CLOUDMAP_H
#define SD_CLOUDMAP_H
#endif
