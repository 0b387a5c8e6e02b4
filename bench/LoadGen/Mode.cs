namespace Realtime.Bench.LoadGen;

/// <summary>The load pattern a run applies.</summary>
public enum Mode
{
    /// <summary>N subscribers; one of them publishes at a fixed rate and the server fans out to all.</summary>
    Broadcast,

    /// <summary>N connections, each in a closed send → echo → send loop.</summary>
    Echo,

    /// <summary>N connections opened and held idle, for the server's memory per session.</summary>
    Idle,
}
