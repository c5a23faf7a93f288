// libedit's readline.h uses FILE without including stdio.h itself.
#include <stdio.h>
#include <editline/readline.h>
#include <histedit.h>
