using System;
using Xunit;

namespace SupplyChainTools.Core.Tests
{
    /// <summary>A fact that needs Linux (mkfifo, /dev/zero, /dev/urandom): reported as skipped, with why, elsewhere.</summary>
    public sealed class LinuxFactAttribute : FactAttribute
    {
        public LinuxFactAttribute()
        {
            if (!OperatingSystem.IsLinux())
            {
                Skip = "Needs Linux: it makes a named pipe with mkfifo or reads /dev devices.";
            }
        }
    }

    /// <summary>A fact that creates symbolic links, which needs a privilege on Windows: reported as skipped there.</summary>
    public sealed class UnixFactAttribute : FactAttribute
    {
        public UnixFactAttribute()
        {
            if (OperatingSystem.IsWindows())
            {
                Skip = "Creating symbolic links needs a privilege on Windows.";
            }
        }
    }
}
