using System;
using Xunit;

namespace SupplyChainTools.Core.Tests
{
    /// <summary>A fact that needs Linux (mkfifo, /dev/zero, /dev/urandom, Linux stat fields): reported as skipped, with why, elsewhere.</summary>
    public sealed class LinuxFactAttribute : FactAttribute
    {
        public LinuxFactAttribute()
        {
            if (!OperatingSystem.IsLinux())
            {
                Skip = "Needs Linux: it makes a named pipe with mkfifo, reads /dev devices or checks Linux stat(2) fields.";
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
