using System;

namespace Isometry;

/// <summary>A failure the engine can name; the cmdlets turn <see cref="ErrorId"/> into the error record's id.</summary>
public abstract class IsometryException : Exception
{
    protected IsometryException(string errorId, string message) : base(message) => ErrorId = errorId;

    /// <summary>A stable identifier, such as <c>FixedPointNotConverged</c>.</summary>
    public string ErrorId { get; }
}

/// <summary>An iterative solver ran out of iterations or could not bracket its root.</summary>
public sealed class NotConvergedException : IsometryException
{
    public NotConvergedException(string errorId, string message) : base(errorId, message) { }
}

/// <summary>A parameter outside the range the engine can represent, such as a WeightStd whose square overflows.</summary>
public sealed class OutOfRangeException : IsometryException
{
    public OutOfRangeException(string errorId, string message) : base(errorId, message) { }
}

/// <summary>A question with no answer for these parameters, such as a critical WeightStd for ReLU with BiasStd &gt; 0.</summary>
public sealed class NoSolutionException : IsometryException
{
    public NoSolutionException(string errorId, string message) : base(errorId, message) { }
}
