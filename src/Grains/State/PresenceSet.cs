namespace Realtime.Grains.State;

/// <summary>A channel's members by client id, with a count of connections per user.</summary>
internal sealed class PresenceSet
{
    private readonly SortedDictionary<string, PresenceMember> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _joined = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _users = new(StringComparer.Ordinal);

    public int Count => _members.Count;

    public bool Contains(string clientId) => _members.ContainsKey(clientId);

    public string[] ClientIds() => [.. _members.Keys];


    /// <summary>Replaces a member's data; null when it is not a member.</summary>
    public PresenceMember? Update(string clientId, string? data)
    {
        if (!_members.TryGetValue(clientId, out var member))
        {
            return null;
        }

        return _members[clientId] = member with { Data = data };
    }

    /// <summary>Adds or replaces a member; false when it was already there unchanged.</summary>
    public bool Join(PresenceMember member, DateTimeOffset now)
    {
        _joined[member.ClientId] = now.UtcTicks;
        if (_members.TryGetValue(member.ClientId, out var existing))
        {
            if (existing == member)
            {
                return false;
            }

            Forget(existing.User);
        }

        _members[member.ClientId] = member;
        if (member.User.Length > 0)
        {
            _users[member.User] = _users.GetValueOrDefault(member.User) + 1;
        }

        return true;
    }

    public PresenceMember? Leave(string clientId)
    {
        if (!_members.Remove(clientId, out var member))
        {
            return null;
        }

        _joined.Remove(clientId);
        Forget(member.User);
        return member;
    }

    /// <summary>Removes every member served by <paramref name="edgeId"/>.</summary>
    public List<PresenceMember> LeaveEdge(string edgeId) => LeaveWhere(m => m.EdgeId == edgeId);

    /// <summary>Removes the members <paramref name="gone"/> picks.</summary>
    public List<PresenceMember> LeaveWhere(Func<PresenceMember, bool> gone)
    {
        var leaving = _members.Values.Where(gone).ToList();
        foreach (var member in leaving)
        {
            Leave(member.ClientId);
        }

        return leaving;
    }

    /// <summary>
    /// Removes members that joined before <paramref name="joinedBefore"/> through an edge that is not
    /// attached: their edge failed between the join and its attach, or their leave was lost.
    /// </summary>
    public List<PresenceMember> LeaveOrphans(Func<string, bool> edgeAttached, DateTimeOffset joinedBefore) =>
        LeaveWhere(m => !edgeAttached(m.EdgeId) && _joined[m.ClientId] < joinedBefore.UtcTicks);

    public PresencePage Page(string? after, int limit)
    {
        var members = (after is null ? _members.Values : _members.Values.SkipWhile(m => string.CompareOrdinal(m.ClientId, after) <= 0))
            .Take(limit + 1)
            .ToList();
        var more = members.Count > limit;
        if (more)
        {
            members.RemoveAt(limit);
        }

        return new PresencePage([.. members], _users.Count, _members.Count, more ? members[^1].ClientId : null);
    }

    private void Forget(string user)
    {
        if (user.Length > 0 && _users.TryGetValue(user, out var count))
        {
            if (count <= 1)
            {
                _users.Remove(user);
            }
            else
            {
                _users[user] = count - 1;
            }
        }
    }
}
