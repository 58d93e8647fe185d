using System;

namespace SupplyChainTools.Core.Baselines
{
    /// <summary>What kind of error a baseline run met; the names are PowerShell's error categories, so a host maps them one to one.</summary>
    public enum BaselineErrorKind
    {
        InvalidArgument,
        ObjectNotFound,
        ResourceExists,
        SecurityError,
        ReadError,
    }

    /// <summary>
    /// A baseline use case refused its arguments (thrown) or recorded an entry with an error (reported to the host).
    /// What the user sees is <see cref="Error"/>, with this id, kind and target.
    /// </summary>
    public sealed class BaselineRunException : Exception
    {
        public BaselineRunException(Exception error, string errorId, BaselineErrorKind kind, object? target)
            : base(error.Message, error)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        public Exception Error => InnerException!;
        public string ErrorId { get; }
        public BaselineErrorKind Kind { get; }
        public object? Target { get; }
    }

    /// <summary>A baseline to read could not be opened (missing, access denied, not a regular file); <see cref="Exception.InnerException"/> says why.</summary>
    public sealed class BaselineUnavailableException : Exception
    {
        public BaselineUnavailableException(string path, Exception error)
            : base(error.Message, error)
        {
            Path = path;
        }

        public string Path { get; }
    }
}
